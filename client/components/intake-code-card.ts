import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { IntakeCodeView } from '../../shared/schemas/intake.js';
import { intakeCodeFiles } from '../data/intake-codes.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** The card asks its page to change the code: a new label, or disabled on/off. */
export class IntakeCodeChangeEvent extends Event {
  static readonly type = 'intake-code-change';
  constructor(
    readonly code: IntakeCodeView,
    readonly change: { label?: string; disabled?: boolean },
  ) {
    super(IntakeCodeChangeEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary One printed intake code: its label, the short code, the address it opens, a QR
 * preview, downloads (PNG, SVG, the A4 poster PDF), relabelling, and disabling (the page asks
 * first: a disabled code stops working on every poster already on a wall).
 * @event intake-code-change - IntakeCodeChangeEvent
 */
@customElement('yishi-intake-code-card')
export class IntakeCodeCard extends LitElement {
  static override styles = [
    shared,
    css`
      .card {
        display: grid;
        grid-template-columns: 9rem 1fr;
        gap: 1rem;
      }
      img {
        width: 9rem;
        height: 9rem;
        background: #fff;
      }
      .disabled img {
        opacity: 0.3;
      }
      .code {
        font-size: 1.4rem;
        font-weight: 700;
        letter-spacing: 0.1em;
      }
      .url {
        word-break: break-all;
      }
      .downloads a {
        display: inline-flex;
        align-items: center;
        min-height: 48px;
        margin-right: 1rem;
      }
      @media (max-width: 520px) {
        .card {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) code!: IntakeCodeView;
  @property({ type: Boolean }) busy = false;
  @state() private editing = false;

  private relabel(e: SubmitEvent): void {
    e.preventDefault();
    const label = String(new FormData(e.target as HTMLFormElement).get('label') ?? '').trim();
    if (!label) return;
    this.editing = false;
    this.dispatchEvent(new IntakeCodeChangeEvent(this.code, { label }));
  }

  override render() {
    const c = this.code;
    const files = intakeCodeFiles(c.id);
    return html`<article
      class="card ${c.disabled ? 'disabled' : ''}"
      aria-labelledby="label-${c.id}"
      data-test="intake-code"
      data-code=${c.code}
    >
      <img src=${files.svg} alt=${t('codes.qr_alt', { label: c.label })} data-test="qr-preview" />
      <div>
        <h2 id="label-${c.id}">${c.label}</h2>
        <p class="code">${c.code}</p>
        <p class="url"><a href=${c.url} target="_blank" rel="noopener">${c.url}</a></p>
        <p data-test="code-status">${c.disabled ? t('codes.disabled') : t('codes.active')}</p>
        <p class="downloads">
          <a href=${files.png} download data-test="download-png">${t('codes.download_png')}</a>
          <a href=${files.svg} download="qr-${c.id}.svg" data-test="download-svg">${t('codes.download_svg')}</a>
          <a href=${files.poster} download data-test="download-poster">${t('codes.download_poster')}</a>
        </p>
        ${
          this.editing
            ? html`<form class="row" @submit=${this.relabel}>
                <label class="visually-hidden" for="relabel-${c.id}">${t('codes.label')}</label>
                <input id="relabel-${c.id}" name="label" required maxlength="40" .value=${c.label} />
                <button type="submit" ?disabled=${this.busy}>${t('action.save')}</button>
                <button type="button" class="secondary" @click=${() => (this.editing = false)}>
                  ${t('action.cancel')}
                </button>
              </form>`
            : html`<div class="row">
                <button class="secondary" ?disabled=${this.busy} @click=${() => (this.editing = true)}>
                  ${t('codes.relabel')}
                </button>
                <button
                  class=${c.disabled ? 'secondary' : 'danger'}
                  ?disabled=${this.busy}
                  data-test="code-toggle"
                  @click=${() => this.dispatchEvent(new IntakeCodeChangeEvent(c, { disabled: !c.disabled }))}
                >
                  ${c.disabled ? t('codes.enable') : t('codes.disable')}
                </button>
              </div>`
        }
      </div>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-intake-code-card': IntakeCodeCard;
  }
  interface HTMLElementEventMap {
    'intake-code-change': IntakeCodeChangeEvent;
  }
}
