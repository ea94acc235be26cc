import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import {
  MAX_OPTIONS,
  MOTION_FORMS,
  MOTION_KINDS,
  type MotionForm as Form,
  type MotionKind,
} from '../../shared/rules/ballot.js';
import type { CreateMotionBody } from '../../shared/schemas/vote.js';
import type { FieldError } from '../data/api.js';
import { readRules, ruleFields } from '../forms/rule-fields.js';
import { describedBy, fieldError, focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

export type MotionDraft = Omit<CreateMotionBody, 'meetingId' | 'agendaItemId'>;

/** A valid motion was filled in. */
export class MotionSaveEvent extends Event {
  static readonly type = 'motion-save';
  constructor(readonly motion: MotionDraft) {
    super(MotionSaveEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary A new motion: the question; open (记名), secret (无记名) or show of hands (举手); yes/no/
 * abstain, a choice of up to N, or an election of up to N; and the rule it is decided by (the
 * meeting's body by default, another preset, or a custom quorum and threshold).
 * @event motion-save - MotionSaveEvent
 * @event cancel - the user gave up
 */
@customElement('yishi-motion-form')
export class MotionForm extends LitElement {
  static override styles = [
    shared,
    css`
      fieldset {
        border: 1px solid #c4cad0;
        border-radius: 8px;
        margin: 0.75rem 0;
        padding: 0.5rem 1rem 1rem;
      }
      legend {
        font-weight: 600;
      }
      .choice {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        font-weight: normal;
        margin: 0.25rem 0;
        min-height: 48px;
      }
      .choice input {
        width: 1.4rem;
        min-height: 1.4rem;
      }
      input.narrow {
        width: 6rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  /** Problems the server found, by field. */
  @property({ attribute: false }) fields: FieldError[] = [];
  @property({ type: Boolean }) busy = false;
  @state() private kind: MotionKind = 'open';
  @state() private form: Form = 'yes_no';
  @state() private rules = '';
  @state() private local: FieldError[] = [];
  @query('form') private formEl!: HTMLFormElement;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('fields')) this.local = [];
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('fields') && this.fields.length) focusFirstInvalid(this.formEl, this.fields);
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    this.local = invalidFields(this.formEl);
    const data = new FormData(this.formEl);
    const options =
      this.form === 'yes_no'
        ? []
        : String(data.get('options') ?? '')
            .split('\n')
            .map((o) => o.trim())
            .filter(Boolean);
    if (this.form !== 'yes_no' && options.length < 2)
      this.local = [...this.local, { path: 'options', message: t('field.motion_two_options') }];
    if (this.local.length) return focusFirstInvalid(this.formEl, this.local);
    const rules = readRules(data);
    this.dispatchEvent(
      new MotionSaveEvent({
        question: String(data.get('question')).trim(),
        kind: this.kind,
        form: this.form,
        options,
        maxChoices: this.form === 'yes_no' ? 1 : Number(data.get('maxChoices')),
        liveTally: this.kind === 'open' && data.get('liveTally') === 'on',
        ...(rules ? { rules: rules as MotionDraft['rules'] } : {}),
      }),
    );
  }

  private radios<T extends string>(name: string, values: readonly T[], current: T, set: (v: T) => void) {
    return html`<fieldset>
      <legend>${t(`vote.form.legend_${name}`)}</legend>
      ${values.map(
        (v) =>
          html`<label class="choice">
            <input
              type="radio"
              name=${name}
              value=${v}
              .checked=${v === current}
              @change=${() => set(v)}
              data-test="motion-${name}-${v}"
            />
            ${t(`vote.${name}.${v}`)}
          </label>`,
      )}
    </fieldset>`;
  }

  override render() {
    const problems = this.local.length ? this.local : this.fields;
    return html`<form novalidate @submit=${this.submit} data-test="motion-form" aria-labelledby="motion-form-title">
      <h3 id="motion-form-title">${t('vote.form.title')}</h3>
      <label for="question">${t('vote.form.question')}</label>
      <textarea
        id="question"
        name="question"
        required
        minlength="2"
        maxlength="200"
        rows="2"
        aria-describedby=${describedBy(problems, 'question')}
        aria-invalid=${invalid(problems, 'question')}
        data-test="motion-question"
      ></textarea>
      ${fieldError(problems, 'question')} ${this.radios('kind', MOTION_KINDS, this.kind, (v) => (this.kind = v))}
      ${this.radios('form', MOTION_FORMS, this.form, (v) => (this.form = v))}
      ${
        this.form === 'yes_no'
          ? nothing
          : html`<label for="options"
                >${t(this.form === 'election' ? 'vote.form.candidates' : 'vote.form.options')}</label
              >
              <textarea
                id="options"
                name="options"
                rows="4"
                required
                aria-describedby=${describedBy(problems, 'options', 'options-hint')}
                aria-invalid=${invalid(problems, 'options')}
                data-test="motion-options"
              ></textarea>
              <p id="options-hint" class="muted">${t('vote.form.one_per_line', { max: MAX_OPTIONS })}</p>
              ${fieldError(problems, 'options')}
              <label for="maxChoices"
                >${t(this.form === 'election' ? 'vote.form.seats' : 'vote.form.max_choices')}</label
              >
              <input
                id="maxChoices"
                name="maxChoices"
                type="number"
                min="1"
                max=${MAX_OPTIONS}
                step="1"
                value="1"
                required
                inputmode="numeric"
                class="narrow"
                aria-describedby=${describedBy(problems, 'maxChoices')}
                aria-invalid=${invalid(problems, 'maxChoices')}
                data-test="motion-max-choices"
              />
              ${fieldError(problems, 'maxChoices')}`
      }
      ${
        this.kind === 'open'
          ? html`<label class="choice">
              <input type="checkbox" name="liveTally" data-test="motion-live-tally" />
              ${t('vote.form.live_tally')}
            </label>`
          : nothing
      }
      ${ruleFields(this.rules, problems, (e) => (this.rules = (e.target as HTMLSelectElement).value))}
      <div class="row actions">
        <button type="submit" ?disabled=${this.busy} data-test="motion-save">${t('vote.form.save')}</button>
        <button type="button" class="secondary" @click=${() => this.dispatchEvent(new Event('cancel'))}>
          ${t('action.cancel')}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-motion-form': MotionForm;
  }
  interface HTMLElementEventMap {
    'motion-save': MotionSaveEvent;
  }
}
