import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { MotionView } from '../../shared/schemas/vote.js';
import type { FieldError } from '../data/api.js';
import { optionLabels } from '../data/votes.js';
import { focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** Show-of-hands counts were entered. */
export class HandsSaveEvent extends Event {
  static readonly type = 'hands-save';
  constructor(
    readonly counts: number[],
    readonly cast: number | undefined,
  ) {
    super(HandsSaveEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary The secretary's count of a show of hands (举手表决): one number per option and, when
 * several options may be marked, how many people voted. No count may exceed the voters present;
 * the browser says so before the server does.
 * @event hands-save - HandsSaveEvent
 */
@customElement('yishi-hands-form')
export class HandsForm extends LitElement {
  static override styles = [
    shared,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
        gap: 0 1rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) motion!: MotionView;
  /** Voters present: the most hands any count can have. */
  @property({ type: Number }) present = 0;
  @property({ type: Boolean }) busy = false;
  @state() private problems: FieldError[] = [];
  @query('form') private form!: HTMLFormElement;

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    this.problems = invalidFields(this.form);
    const data = new FormData(this.form);
    const counts = optionLabels(this.motion).map((_, i) => Number(data.get(`count${i}`)));
    const multi = this.motion.maxChoices > 1;
    const cast = multi ? Number(data.get('cast')) : counts.reduce((a, b) => a + b, 0);
    if (!this.problems.length && cast > this.present)
      this.problems = [
        { path: multi ? 'cast' : 'count0', message: t('vote.error.hands_exceed_present', { present: this.present }) },
      ];
    if (this.problems.length) return focusFirstInvalid(this.form, this.problems);
    this.dispatchEvent(new HandsSaveEvent(counts, multi ? cast : undefined));
  }

  override render() {
    const labels = optionLabels(this.motion);
    const multi = this.motion.maxChoices > 1;
    const counts = this.motion.counts;
    const number = (name: string, label: string, value: number | undefined) =>
      html`<div>
        <label for=${name}>${label}</label>
        <input
          id=${name}
          name=${name}
          type="number"
          min="0"
          max=${this.present}
          step="1"
          required
          inputmode="numeric"
          .value=${value === undefined ? '' : String(value)}
          aria-invalid=${invalid(this.problems, name)}
          aria-describedby="hands-hint hands-error"
          data-test="hands-${name}"
        />
      </div>`;
    return html`<form novalidate @submit=${this.submit} data-test="hands-form" aria-label=${t('vote.hands.title')}>
      <p id="hands-hint" class="muted">${t('vote.hands.hint', { present: this.present })}</p>
      <div class="grid">
        ${labels.map((label, i) => number(`count${i}`, label, counts?.[i]))}
        ${multi ? number('cast', t('vote.hands.cast'), this.motion.cast || undefined) : nothing}
      </div>
      <p class="error" id="hands-error" role="alert">${this.problems[0]?.message ?? ''}</p>
      <button type="submit" ?disabled=${this.busy} data-test="hands-save">${t('vote.hands.save')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-hands-form': HandsForm;
  }
  interface HTMLElementEventMap {
    'hands-save': HandsSaveEvent;
  }
}
