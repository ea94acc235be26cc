import '../resident/page-messages.js';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { MAINLAND_MOBILE, normalisePhone, SMS_CODE } from '../../shared/rules/cosign.js';
import { errorMessage } from '../data/api.js';
import { requestCosignCode, verifyCosign } from '../data/cosign.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary Co-signing as a person on the village register: the phone the register holds gets a
 * one-time code, and the code back makes the co-sign count toward legal triggers. Loaded only
 * when a resident asks for it, so the intake form stays light.
 * @event cosign-verified - detail `{ cosignCount, verifiedCosignCount }` once the check passed.
 */
@customElement('yishi-cosign-verify')
export class CosignVerify extends LitElement {
  static override styles = [
    shared,
    css`
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        font-weight: 400;
      }
      .check input {
        width: 1.5rem;
        min-height: 1.5rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ type: Number }) topicId = 0;
  @property() phone = '';
  @state() private sentFor = '';
  @state() private waitUntil = 0;
  @state() private now = Date.now();
  @state() private busy = false;
  @state() private error = '';
  @state() private done: { text: string } | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  private get normalised(): string {
    return normalisePhone(this.phone);
  }

  private async send(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    if (!form.reportValidity()) return;
    this.busy = true;
    this.error = '';
    try {
      const r = await requestCosignCode(this.topicId, this.normalised);
      this.sentFor = this.normalised;
      this.waitUntil = Date.now() + r.resendAfterSeconds * 1000;
      clearInterval(this.ticker);
      this.ticker = setInterval(() => {
        this.now = Date.now();
        if (this.now >= this.waitUntil) clearInterval(this.ticker);
      }, 1000);
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private async verify(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    if (!form.reportValidity()) return;
    const data = new FormData(form);
    this.busy = true;
    this.error = '';
    try {
      const r = await verifyCosign(this.topicId, this.sentFor, String(data.get('code')), data.get('notify') === 'on');
      this.done = {
        text: r.alreadyCosigned
          ? t('cosign.verify.already', { verified: r.verifiedCosignCount })
          : t('cosign.verify.done', { count: r.cosignCount, verified: r.verifiedCosignCount }),
      };
      this.dispatchEvent(
        new CustomEvent('cosign-verified', {
          detail: { cosignCount: r.cosignCount, verifiedCosignCount: r.verifiedCosignCount },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (this.done) return html`<p role="status" data-test="cosign-verified">${this.done.text}</p>`;
    const wait = Math.max(0, Math.ceil((this.waitUntil - this.now) / 1000));
    return html`<p class="muted">${t('cosign.verify.why')}</p>
      <form @submit=${this.send} novalidate>
        <label
          >${t('cosign.verify.phone')}
          <input
            name="phone"
            type="tel"
            inputmode="numeric"
            autocomplete="tel"
            required
            pattern=${MAINLAND_MOBILE.source.replace(/^\^|\$$/g, '')}
            maxlength="20"
            .value=${this.phone}
            @input=${(e: Event) => (this.phone = (e.target as HTMLInputElement).value)}
            @blur=${(e: Event) => ((e.target as HTMLInputElement).value = this.normalised)}
        /></label>
        <button type="submit" ?disabled=${this.busy || wait > 0} data-test="cosign-send-code">
          ${wait > 0 ? t('cosign.verify.resend', { seconds: wait }) : t('cosign.verify.send')}
        </button>
      </form>
      ${
        this.sentFor
          ? html`<p role="status">${t('cosign.verify.sent', { minutes: SMS_CODE.validMinutes })}</p>
              <form @submit=${this.verify} novalidate>
                <label
                  >${t('cosign.verify.code')}
                  <input
                    name="code"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    required
                    pattern=${`\\d{${SMS_CODE.digits}}`}
                    maxlength=${SMS_CODE.digits}
                /></label>
                <label class="check"><input type="checkbox" name="notify" /> ${t('cosign.verify.notify')}</label>
                <button type="submit" class="primary" ?disabled=${this.busy} data-test="cosign-verify-submit">
                  ${t('cosign.verify.submit')}
                </button>
              </form>`
          : nothing
      }
      <p role="alert" class="error">${this.error}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-cosign-verify': CosignVerify;
  }
}
