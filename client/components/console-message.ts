import { html } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { t } from '../i18n/index.js';
import { ConsolePanel } from './console-panel.js';

/** @summary Console panel: a short message on the projector (and phones), and clearing it. */
@customElement('yishi-console-message')
export class ConsoleMessage extends ConsolePanel {
  @query('textarea') private input!: HTMLTextAreaElement;

  private show(e: SubmitEvent): void {
    e.preventDefault();
    const text = this.input.value.trim();
    if (text) void this.drive({ action: 'message', text });
  }

  override render() {
    const off = !this.drivable || this.busy;
    return html`<form @submit=${this.show}>
        <label for="message">${t('console.message_label')}</label>
        <textarea id="message" maxlength="200" rows="2" data-test="console-message"></textarea>
        <div class="row actions">
          <button type="submit" ?disabled=${off} data-test="console-message-show">${t('console.message_show')}</button>
          <button
            type="button"
            class="secondary"
            ?disabled=${off || !this.state.screenMessage}
            data-test="console-message-clear"
            @click=${() => this.drive({ action: 'message', text: '' })}
          >
            ${t('console.message_clear')}
          </button>
        </div>
      </form>
      ${
        this.state.screenMessage
          ? html`<p>${t('console.message_now')} <strong>${this.state.screenMessage}</strong></p>`
          : ''
      }
      <div role="alert" class="error">${this.error}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-console-message': ConsoleMessage;
  }
}
