import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { FieldError } from '../data/api.js';
import { ActionSubmitEvent } from '../forms/action-event.js';
import { describedBy, fieldError, invalid, invalidFields } from '../forms/validity.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary Decline a topic with a written reply — required: the resident reads it on their
 * tracking page, so it should say why and what they can do instead.
 * @event action-submit - ActionSubmitEvent<{ reply: string }>
 */
@customElement('yishi-decline-form')
export class DeclineForm extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  @property({ type: Boolean }) busy = false;
  @state() private problems: FieldError[] = [];

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    this.problems = invalidFields(form);
    if (this.problems.length) return;
    this.dispatchEvent(new ActionSubmitEvent({ reply: String(new FormData(form).get('reply')).trim() }));
  }

  override render() {
    const p = this.problems;
    return html`<form novalidate @submit=${this.submit} data-test="decline-form">
      <label for="reply">${t('review.decline.reply')}</label>
      <p class="muted" id="reply-hint">${t('review.decline.reply_hint')}</p>
      <textarea
        id="reply"
        name="reply"
        required
        minlength="4"
        maxlength="500"
        rows="4"
        aria-describedby=${describedBy(p, 'reply', 'reply-hint')}
        aria-invalid=${invalid(p, 'reply')}
        data-test="decline-reply"
      ></textarea>
      ${fieldError(p, 'reply')}
      <div class="actions">
        <button type="submit" class="danger" ?disabled=${this.busy} data-test="decline-submit">
          ${t('review.action.decline')}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-decline-form': DeclineForm;
  }
}
