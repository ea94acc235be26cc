import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LiveState } from '../../shared/schemas/meeting.js';
import { LocaleController, t } from '../i18n/index.js';

/**
 * @summary The check-in corner of the projector: the rotating QR and its short code, always in
 * view, so latecomers never wait for the convener to switch screens. Dark on white, as phone
 * cameras need.
 */
@customElement('yishi-hall-corner')
export class HallCorner extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .corner {
      background: #fff;
      color: #000;
      padding: 0.25em;
      border-radius: 0.2em;
      text-align: center;
      width: 5.6em;
    }
    img {
      display: block;
      width: 100%;
      aspect-ratio: 1;
    }
    .code {
      font-weight: 700;
      letter-spacing: 0.02em;
    }
    .hint {
      line-height: 1.2;
    }
  `;
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) checkin: LiveState['checkin'] = null;

  override render() {
    const c = this.checkin;
    if (!c) return nothing;
    return html`<div class="corner" data-test="hall-corner">
      <img src=${c.qr} alt=${t('screen.qr_alt')} data-test="hall-qr" data-url=${c.url} />
      <div class="hint">${t('screen.corner_hint')}</div>
      <div class="code" data-test="hall-code">${c.code}</div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-hall-corner': HallCorner;
  }
}
