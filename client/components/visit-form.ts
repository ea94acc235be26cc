import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { DEFAULT_CATEGORIES, DETAILS_MAX, MOBILE_PATTERN, NAME_MAX } from '../../shared/rules/intake.js';
import type { VisitBody } from '../../shared/schemas/reception.js';
import type { FieldError } from '../data/api.js';
import { ActionSubmitEvent } from '../forms/action-event.js';
import { describedBy, fieldError, focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary The visit record (接待记录) the representative fills in during or after a conversation:
 * queue number (the one being called, by default), visitor's name and mobile (optional), the
 * matter, category, what was answered, and whether it needs follow-up. Cleared after saving.
 * @event action-submit - ActionSubmitEvent<VisitBody>
 */
@customElement('yishi-visit-form')
export class VisitForm extends LitElement {
  static override styles = [
    shared,
    css`
      .pair {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
        gap: 0 1rem;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        min-height: 48px;
      }
      .check input {
        width: 24px;
        height: 24px;
        min-height: 0;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  /** The number being called: prefilled, since the visit usually belongs to it. */
  @property({ type: Number }) ticketNumber: number | null = null;
  @property({ attribute: false }) fields: FieldError[] = [];
  @property({ type: Boolean }) busy = false;
  @state() private problems: FieldError[] = [];
  @query('form') private form!: HTMLFormElement;

  /** Empties the form after the page saved the visit. */
  reset(): void {
    this.form.reset();
    this.problems = [];
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    this.problems = invalidFields(this.form);
    if (this.problems.length) return focusFirstInvalid(this.form, this.problems);
    const data = new FormData(this.form);
    const text = (n: string) => String(data.get(n) ?? '').trim();
    this.dispatchEvent(
      new ActionSubmitEvent<VisitBody>({
        ticketNumber: text('ticketNumber') ? Number(text('ticketNumber')) : null,
        visitorName: text('visitorName'),
        visitorPhone: text('visitorPhone'),
        matter: text('matter'),
        category: text('category'),
        answer: text('answer'),
        followUp: data.get('followUp') === 'on',
      }),
    );
  }

  override render() {
    const p = [...this.problems, ...this.fields];
    return html`<form
      class="card"
      novalidate
      @submit=${this.submit}
      aria-labelledby="visit-title"
      data-test="visit-form"
    >
      <h2 id="visit-title">${t('desk.visit.title')}</h2>
      <div class="pair">
        <div>
          <label for="ticketNumber">${t('desk.visit.ticket')}</label>
          <input
            id="ticketNumber"
            name="ticketNumber"
            type="number"
            min="1"
            .value=${this.ticketNumber ? String(this.ticketNumber) : ''}
            aria-invalid=${invalid(p, 'ticketNumber')}
            aria-describedby=${describedBy(p, 'ticketNumber')}
            data-test="visit-ticket"
          />
          ${fieldError(p, 'ticketNumber')}
        </div>
        <div>
          <label for="visitorName">${t('desk.visit.name')}</label>
          <input id="visitorName" name="visitorName" maxlength=${NAME_MAX} data-test="visit-name" />
        </div>
        <div>
          <label for="visitorPhone">${t('desk.visit.phone')}</label>
          <input
            id="visitorPhone"
            name="visitorPhone"
            type="tel"
            inputmode="numeric"
            maxlength="11"
            pattern=${MOBILE_PATTERN}
            data-pattern-message="field.invalid_mobile"
            aria-invalid=${invalid(p, 'visitorPhone')}
            aria-describedby=${describedBy(p, 'visitorPhone')}
            data-test="visit-phone"
          />
          ${fieldError(p, 'visitorPhone')}
        </div>
        <div>
          <label for="category">${t('review.col.category')}</label>
          <select id="category" name="category" required data-test="visit-category">
            ${DEFAULT_CATEGORIES.map((c) => html`<option value=${c}>${c}</option>`)}
          </select>
        </div>
      </div>
      <label for="matter">${t('desk.visit.matter')}</label>
      <textarea
        id="matter"
        name="matter"
        required
        minlength="2"
        maxlength=${DETAILS_MAX}
        rows="3"
        aria-invalid=${invalid(p, 'matter')}
        aria-describedby=${describedBy(p, 'matter')}
        data-test="visit-matter"
      ></textarea>
      ${fieldError(p, 'matter')}
      <label for="answer">${t('desk.visit.answer')}</label>
      <textarea id="answer" name="answer" maxlength=${DETAILS_MAX} rows="2" data-test="visit-answer"></textarea>
      <label class="check"
        ><input type="checkbox" name="followUp" data-test="visit-follow-up" /> ${t('desk.visit.follow_up')}</label
      >
      <div class="actions">
        <button type="submit" ?disabled=${this.busy} data-test="visit-save">${t('desk.visit.save')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-visit-form': VisitForm;
  }
}
