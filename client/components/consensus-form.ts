import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { FieldError } from '../data/api.js';
import { describedBy, fieldError, focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** The convener recorded what the hall agreed by consensus. */
export class ConsensusSaveEvent extends Event {
  static readonly type = 'consensus-save';
  constructor(readonly text: string) {
    super(ConsensusSaveEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary Records that the current agenda item was agreed by consensus (协商一致), without a
 * vote: what was agreed, in a sentence. The host clears it by setting `done` after the save.
 * @event consensus-save - ConsensusSaveEvent
 */
@customElement('yishi-consensus-form')
export class ConsensusForm extends LitElement {
  static override styles = [shared];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) fields: FieldError[] = [];
  @property({ type: Boolean }) busy = false;
  @state() private local: FieldError[] = [];
  @query('form') private form!: HTMLFormElement;

  /** Empties the form after the decision was recorded. */
  reset(): void {
    this.form.reset();
    this.local = [];
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    this.local = invalidFields(this.form);
    if (this.local.length) return focusFirstInvalid(this.form, this.local);
    this.dispatchEvent(new ConsensusSaveEvent(String(new FormData(this.form).get('text')).trim()));
  }

  override render() {
    const problems = this.local.length ? this.local : this.fields;
    return html`<form novalidate @submit=${this.submit} data-test="consensus-form">
      <label for="text">${t('vote.consensus.label')}</label>
      <textarea
        id="text"
        name="text"
        rows="2"
        required
        minlength="2"
        maxlength="500"
        aria-describedby=${describedBy(problems, 'text')}
        aria-invalid=${invalid(problems, 'text')}
        data-test="consensus-text"
      ></textarea>
      ${fieldError(problems, 'text')}
      <div class="row actions">
        <button type="submit" ?disabled=${this.busy} data-test="consensus-save">${t('vote.consensus.save')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-consensus-form': ConsensusForm;
  }
  interface HTMLElementEventMap {
    'consensus-save': ConsensusSaveEvent;
  }
}
