import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LOCALES, type Locale } from '../../shared/roles.js';
import { updateMe } from '../data/session.js';
import { LocaleController, locale, setLocale, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary 中文 / English as two toggle buttons (aria-pressed), styled for the dark header.
 * The choice is remembered on the device and, when signed in, on the account, so the server's
 * messages follow it.
 */
@customElement('yishi-lang-switch')
export class LangSwitch extends LitElement {
  static override styles = [
    shared,
    css`
      .group {
        display: flex;
        gap: 0.25rem;
      }
      button {
        background: transparent;
        border-color: #fff;
        color: #fff;
        padding: 0.25rem 0.75rem;
      }
      button[aria-pressed='true'] {
        background: #fff;
        color: #8c1c13;
        font-weight: 700;
      }
      :focus-visible {
        outline-color: #ffd54f;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  /** When signed in, the choice is also saved to the account. */
  @property({ type: Boolean }) signedIn = false;

  private choose(next: Locale): void {
    setLocale(next);
    if (this.signedIn) updateMe({ locale: next }).catch(() => undefined);
  }

  override render() {
    return html`<div class="group" role="group" aria-label=${t('nav.language')} data-test="lang-switch">
      ${LOCALES.map(
        (l) =>
          html`<button
            lang=${l}
            data-locale=${l}
            aria-pressed=${locale() === l ? 'true' : 'false'}
            @click=${() => this.choose(l)}
          >
            ${t(`lang.${l}`)}
          </button>`,
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-lang-switch': LangSwitch;
  }
}
