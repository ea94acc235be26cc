import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ReferralTargets } from '../../shared/schemas/review.js';
import type { FieldError } from '../data/api.js';
import { ActionSubmitEvent } from '../forms/action-event.js';
import { describedBy, fieldError, invalid, invalidFields } from '../forms/validity.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

export interface ReferChoice {
  organisationId: number;
  assigneeId: number | null;
  note: string;
  /** The unit or person, for the confirmation question. */
  label: string;
}

/**
 * @summary Refer a matter straight to a department or a person without a meeting (即办), with a
 * note for them. Used by reviewers (a topic) and at the reception desk (a visit).
 * @event action-submit - ActionSubmitEvent<ReferChoice>
 */
@customElement('yishi-refer-form')
export class ReferForm extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  /** Loaded by the host page (for a topic or for a studio). */
  @property({ attribute: false }) targets: ReferralTargets | null = null;
  @property({ type: Boolean }) busy = false;
  /** The submit button's words: 转办 by default; 派单 where a resolution is dispatched. */
  @property({ attribute: 'submit-label' }) submitLabel = '';
  @state() private problems: FieldError[] = [];

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    this.problems = invalidFields(form);
    if (this.problems.length || !this.targets) return;
    const data = new FormData(form);
    const [kind, id] = String(data.get('target')).split(':');
    const person = kind === 'person' ? this.targets.people.find((p) => p.id === Number(id)) : undefined;
    const unit = kind === 'unit' ? this.targets.units.find((u) => u.id === Number(id)) : undefined;
    if (!person && !unit) return;
    this.dispatchEvent(
      new ActionSubmitEvent<ReferChoice>({
        organisationId: person ? person.organisationId : unit!.id,
        assigneeId: person ? person.id : null,
        note: String(data.get('note')).trim(),
        label: person ? `${person.displayName}（${person.organisationName}）` : unit!.name,
      }),
    );
  }

  override render() {
    const p = this.problems;
    const targets = this.targets;
    return html`<form novalidate @submit=${this.submit} data-test="refer-form">
      <label for="target">${t('review.refer.target')}</label>
      <select
        id="target"
        name="target"
        required
        aria-describedby=${describedBy(p, 'target')}
        aria-invalid=${invalid(p, 'target')}
        data-test="refer-target"
      >
        <option value="">${targets ? t('review.refer.choose') : t('app.loading')}</option>
        ${
          targets
            ? html`<optgroup label=${t('review.refer.units')}>
                  ${targets.units.map((u) => html`<option value="unit:${u.id}">${u.name}</option>`)}
                </optgroup>
                <optgroup label=${t('review.refer.people')}>
                  ${targets.people.map(
                    (x) => html`<option value="person:${x.id}">${x.displayName}（${x.organisationName}）</option>`,
                  )}
                </optgroup>`
            : ''
        }
      </select>
      ${fieldError(p, 'target')}
      <label for="note">${t('review.refer.note')}</label>
      <p class="muted" id="note-hint">${t('review.refer.note_hint')}</p>
      <textarea
        id="note"
        name="note"
        required
        minlength="2"
        maxlength="500"
        rows="3"
        aria-describedby=${describedBy(p, 'note', 'note-hint')}
        aria-invalid=${invalid(p, 'note')}
        data-test="refer-note"
      ></textarea>
      ${fieldError(p, 'note')}
      <div class="actions">
        <button type="submit" ?disabled=${this.busy || !targets} data-test="refer-submit">
          ${this.submitLabel || t('review.action.refer')}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-refer-form': ReferForm;
  }
}
