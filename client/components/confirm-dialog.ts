import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary A modal question on the native <dialog>: `await dialog.ask(text)` resolves true on
 * confirm, false on cancel or Escape. Asked before every destructive action (disable, revoke,
 * reset password, logout everywhere). Focus starts on Cancel, the safe answer.
 */
@customElement('yishi-confirm-dialog')
export class ConfirmDialog extends LitElement {
  static override styles = [
    shared,
    css`
      dialog {
        border: none;
        border-radius: 12px;
        max-width: min(92vw, 32rem);
        padding: 1.5rem;
        color: #1b1f24;
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.6);
      }
      .warning {
        background: #fdecea;
        color: #7a0e12;
        border-left: 6px solid #a4161a;
        padding: 0.5rem 1rem;
        font-weight: 600;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @state() private text = '';
  @state() private confirmLabel = '';
  @state() private warning = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('.cancel') private cancelButton!: HTMLButtonElement;
  private resolve: ((ok: boolean) => void) | null = null;

  /**
   * Shows the question; `confirmLabel` names the action on the confirm button (default 确定);
   * `warning`, when given, stands out above it (what cannot be undone, what looks wrong).
   */
  async ask(text: string, confirmLabel?: string, warning?: string): Promise<boolean> {
    this.resolve?.(false);
    this.text = text;
    this.confirmLabel = confirmLabel ?? '';
    this.warning = warning ?? '';
    await this.updateComplete;
    this.dialog.showModal();
    this.cancelButton.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private answer(ok: boolean): void {
    if (this.dialog.open) this.dialog.close();
    this.resolve?.(ok);
    this.resolve = null;
  }

  override render() {
    return html`<dialog aria-labelledby="question" data-test="confirm-dialog" @close=${() => this.answer(false)}>
      ${this.warning ? html`<p class="warning" data-test="confirm-warning">${this.warning}</p>` : ''}
      <p id="question" data-test="confirm-text">${this.text}</p>
      <div class="row actions">
        <button class="danger" data-test="confirm-yes" @click=${() => this.answer(true)}>
          ${this.confirmLabel || t('action.confirm')}
        </button>
        <button class="secondary cancel" data-test="confirm-no" @click=${() => this.answer(false)}>
          ${t('action.cancel')}
        </button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-confirm-dialog': ConfirmDialog;
  }
}
