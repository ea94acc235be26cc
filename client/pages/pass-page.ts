import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PassView } from '../../shared/schemas/checkin.js';
import { errorMessage } from '../data/api.js';
import { forgetPass, keepPass, passView } from '../data/checkin.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import '../components/lang-switch.js';

/**
 * @summary A member's personal link (`/pass/<token>`, sent by SMS or scanned from the printed
 * card): shows whose pass it is and keeps it on this phone, so that scanning the projector's
 * check-in code later checks this person in. Shows nothing about anyone else.
 */
@customElement('yishi-pass-page')
export class PassPage extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        min-height: 100vh;
      }
      header {
        background: #8c1c13;
        color: #fff;
        padding: 0.5rem 1rem;
        display: flex;
        justify-content: space-between;
        align-items: center;
      }
      header h1 {
        font-size: 1.3rem;
        margin: 0;
      }
      .body {
        padding: 1rem;
        max-width: 40rem;
        margin: 0 auto;
      }
      .name {
        font-size: 2rem;
        font-weight: 700;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private pass: PassView | null = null;
  @state() private error = '';
  @state() private forgotten = false;
  private started = false;

  override willUpdate(): void {
    if (this.started || !this.params.token) return;
    this.started = true;
    void this.load(this.params.token);
  }

  private async load(token: string): Promise<void> {
    try {
      this.pass = await passView(token);
      keepPass({ ...this.pass, token });
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private forget(): void {
    forgetPass(this.params.token ?? '');
    this.forgotten = true;
  }

  override render() {
    const p = this.pass;
    return html`<header>
        <h1>${t('pass.title')}</h1>
        <yishi-lang-switch></yishi-lang-switch>
      </header>
      <div class="body">
        <div role="alert" class="error" data-test="pass-error">${this.error ? t('pass.invalid') : ''}</div>
        ${
          p
            ? html`<section class="card" data-test="pass-card">
                <p class="name">${p.name}</p>
                <p>${p.bodyName}</p>
                <p class="muted">${p.organisationName}</p>
                <p data-test="pass-saved">${this.forgotten ? t('pass.forgotten') : t('pass.saved')}</p>
                ${
                  this.forgotten
                    ? nothing
                    : html`<button class="secondary" @click=${this.forget}>${t('pass.forget')}</button>`
                }
              </section>`
            : nothing
        }
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-pass-page': PassPage;
  }
}
