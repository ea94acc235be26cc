import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { StudioView } from '../../shared/schemas/reception.js';
import type { FieldError } from '../data/api.js';
import { rosterCandidates } from '../data/reception.js';
import { ActionSubmitEvent } from '../forms/action-event.js';
import { describedBy, fieldError, focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

export interface StudioFormBody {
  name: string;
  location: string;
  schedule: { dayOfMonth: number; start: string; end: string };
  roster: number[];
}

/**
 * @summary Create or edit a studio: name, place, the monthly reception day and hours, and the duty
 * roster in rotation order (the first is on duty the month the roster starts; each month the
 * next). Roster candidates are the organisation's representatives.
 * @event action-submit - ActionSubmitEvent<StudioFormBody>
 * @event cancel - the user closed the form
 */
@customElement('yishi-studio-form')
export class StudioForm extends LitElement {
  static override styles = [
    shared,
    css`
      .times {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
        gap: 0 1rem;
      }
      ol {
        padding-left: 1.5rem;
      }
      li {
        margin: 0.25rem 0;
      }
      li .row {
        gap: 0.5rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ type: Number }) organisationId = 0;
  /** The studio being edited; null to create one. */
  @property({ attribute: false }) studio: StudioView | null = null;
  @property({ attribute: false }) fields: FieldError[] = [];
  @property({ type: Boolean }) busy = false;
  @state() private candidates: { id: number; displayName: string }[] = [];
  @state() private roster: number[] = [];
  @state() private problems: FieldError[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    this.roster = this.studio?.roster.map((r) => r.id) ?? [];
    rosterCandidates(this.organisationId).then(
      (c) => (this.candidates = c),
      () => (this.candidates = this.studio?.roster ?? []),
    );
  }

  private name(id: number): string {
    return (
      this.candidates.find((c) => c.id === id)?.displayName ??
      this.studio?.roster.find((r) => r.id === id)?.displayName ??
      String(id)
    );
  }

  private move(index: number, by: number): void {
    const next = [...this.roster];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    this.roster = next;
  }

  private add(): void {
    const select = this.renderRoot.querySelector<HTMLSelectElement>('#add-rep');
    const id = Number(select?.value);
    if (id && !this.roster.includes(id)) this.roster = [...this.roster, id];
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    this.problems = invalidFields(form);
    if (!this.roster.length) this.problems.push({ path: 'roster', message: t('studio.roster_required') });
    if (this.problems.length) return focusFirstInvalid(form, this.problems);
    const data = new FormData(form);
    const text = (n: string) => String(data.get(n) ?? '').trim();
    this.dispatchEvent(
      new ActionSubmitEvent<StudioFormBody>({
        name: text('name'),
        location: text('location'),
        schedule: { dayOfMonth: Number(text('dayOfMonth')), start: text('start'), end: text('end') },
        roster: this.roster,
      }),
    );
  }

  override render() {
    const p = [...this.problems, ...this.fields];
    const s = this.studio;
    const free = this.candidates.filter((c) => !this.roster.includes(c.id));
    return html`<form class="card" novalidate @submit=${this.submit} data-test="studio-form">
      <h2>${s ? t('studio.edit_title', { name: s.name }) : t('studio.create_title')}</h2>
      <label for="name">${t('studio.name')}</label>
      <input
        id="name"
        name="name"
        required
        minlength="2"
        maxlength="60"
        .value=${s?.name ?? ''}
        aria-invalid=${invalid(p, 'name')}
        aria-describedby=${describedBy(p, 'name')}
        data-test="studio-name"
      />
      ${fieldError(p, 'name')}
      <label for="location">${t('studio.location')}</label>
      <input
        id="location"
        name="location"
        required
        maxlength="100"
        .value=${s?.location ?? ''}
        aria-invalid=${invalid(p, 'location')}
        aria-describedby=${describedBy(p, 'location')}
        data-test="studio-location"
      />
      ${fieldError(p, 'location')}
      <div class="times">
        <div>
          <label for="dayOfMonth">${t('studio.day')}</label>
          <input
            id="dayOfMonth"
            name="dayOfMonth"
            type="number"
            required
            min="1"
            max="28"
            .value=${String(s?.schedule.dayOfMonth ?? 15)}
            aria-invalid=${invalid(p, 'dayOfMonth')}
            aria-describedby=${describedBy(p, 'dayOfMonth', 'day-hint')}
            data-test="studio-day"
          />
          <p class="muted" id="day-hint">${t('studio.day_hint')}</p>
          ${fieldError(p, 'dayOfMonth')}
        </div>
        <div>
          <label for="start">${t('studio.start')}</label>
          <input
            id="start"
            name="start"
            type="time"
            required
            .value=${s?.schedule.start ?? '09:00'}
            aria-invalid=${invalid(p, 'start')}
            aria-describedby=${describedBy(p, 'start')}
            data-test="studio-start"
          />
          ${fieldError(p, 'start')}
        </div>
        <div>
          <label for="end">${t('studio.end')}</label>
          <input
            id="end"
            name="end"
            type="time"
            required
            .value=${s?.schedule.end ?? '11:30'}
            aria-invalid=${invalid(p, 'end')}
            aria-describedby=${describedBy(p, 'end')}
            data-test="studio-end"
          />
          ${fieldError(p, 'end')}
        </div>
      </div>
      <h3 id="roster-title">${t('studio.roster')}</h3>
      <p class="muted">${t('studio.roster_hint')}</p>
      <ol aria-labelledby="roster-title" data-test="studio-roster">
        ${this.roster.map(
          (id, i) =>
            html`<li>
              <div class="row">
                <span>${this.name(id)}</span>
                <button
                  type="button"
                  class="secondary"
                  ?disabled=${i === 0}
                  @click=${() => this.move(i, -1)}
                  aria-label=${t('studio.move_up', { name: this.name(id) })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="secondary"
                  ?disabled=${i === this.roster.length - 1}
                  @click=${() => this.move(i, 1)}
                  aria-label=${t('studio.move_down', { name: this.name(id) })}
                >
                  ↓
                </button>
                <button
                  type="button"
                  class="secondary"
                  @click=${() => (this.roster = this.roster.filter((x) => x !== id))}
                  aria-label=${t('studio.remove', { name: this.name(id) })}
                >
                  ${t('studio.remove_short')}
                </button>
              </div>
            </li>`,
        )}
      </ol>
      ${fieldError(p, 'roster')}
      <div class="row">
        <label class="visually-hidden" for="add-rep">${t('studio.add_rep')}</label>
        <select id="add-rep" data-test="studio-add-select">
          ${free.map((c) => html`<option value=${c.id}>${c.displayName}</option>`)}
        </select>
        <button type="button" class="secondary" ?disabled=${!free.length} @click=${this.add} data-test="studio-add">
          ${t('studio.add_rep')}
        </button>
      </div>
      <div class="row actions">
        <button type="submit" ?disabled=${this.busy} data-test="studio-save">${t('action.save')}</button>
        <button type="button" class="secondary" @click=${() => this.dispatchEvent(new Event('cancel'))}>
          ${t('action.cancel')}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-studio-form': StudioForm;
  }
}
