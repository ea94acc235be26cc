import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { IssuedPassword } from '../../shared/schemas/user.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { copyText } from '../app/clipboard.js';

/**
 * @summary Shows a newly issued one-time password once, in a modal, with a copy button. The
 * password is dropped from memory when the dialog closes; the server never shows it again.
 */
@customElement('yishi-password-dialog')
export class PasswordDialog extends LitElement {
  static override styles = [
    shared,
    css`
      dialog {
        border: none;
        border-radius: 12px;
        max-width: min(92vw, 34rem);
        padding: 1.5rem;
        color: #1b1f24;
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.6);
      }
      input {
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
        font-size: 1.4rem;
        letter-spacing: 0.05em;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @state() private issued: IssuedPassword | null = null;
  @state() private copyState: '' | 'copied' | 'failed' = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('input') private input!: HTMLInputElement;

  async show(issued: IssuedPassword): Promise<void> {
    this.issued = issued;
    this.copyState = '';
    await this.updateComplete;
    this.dialog.showModal();
    this.input.select();
  }

  private async copy(): Promise<void> {
    this.copyState = (await copyText(this.issued?.password ?? '', this.input)) ? 'copied' : 'failed';
  }

  private closed(): void {
    this.issued = null;
  }

  override render() {
    const issued = this.issued;
    return html`<dialog
      aria-labelledby="title"
      aria-describedby="explain"
      data-test="password-dialog"
      @close=${this.closed}
    >
      <h2 id="title">${t('admin.users.password_title')}</h2>
      <p id="explain">${issued ? t('admin.users.issued', { username: issued.user.username }) : ''}</p>
      <label for="password">${t('login.password')}</label>
      <input
        id="password"
        readonly
        .value=${issued?.password ?? ''}
        data-test="issued-password"
        autocomplete="off"
        spellcheck="false"
      />
      <p role="status" data-test="copy-status">
        ${this.copyState === 'copied' ? t('admin.users.copied') : this.copyState === 'failed' ? t('admin.users.copy_failed') : ''}
      </p>
      <div class="row actions">
        <button data-test="copy-password" @click=${this.copy}>${t('action.copy')}</button>
        <button class="secondary" data-test="password-done" @click=${() => this.dialog.close()}>
          ${t('admin.users.issued_done')}
        </button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-password-dialog': PasswordDialog;
  }
}
