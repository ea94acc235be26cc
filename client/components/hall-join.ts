import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { HallState } from '../data/hall.js';
import type { HallContext } from '../hall/modes.js';
import { LocaleController, t } from '../i18n/index.js';
import { hall } from '../styles/hall.js';

/** @summary Projector mode `join`: the check-in QR at full size, the short code and how to use it. */
@customElement('yishi-hall-join')
export class HallJoin extends LitElement {
  static override styles = [
    hall,
    css`
      .layout {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 1em;
        align-items: center;
      }
      img {
        width: 9em;
        height: 9em;
        background: #fff;
      }
      .code {
        font-size: 2.4em;
        font-weight: 700;
        letter-spacing: 0.15em;
        color: #ffd54f;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) state!: HallState;
  @property({ attribute: false }) context!: HallContext;

  override render() {
    const checkin = this.state.checkin;
    if (!checkin) return html`<p class="big">${t('screen.checkin_closed')}</p>`;
    return html`<h2 class="kicker">${t('screen.join_title')}</h2>
      <div class="layout">
        <img src=${checkin.qr} alt=${t('screen.qr_alt')} />
        <div>
          <p>${t('screen.join_steps')}</p>
          <p class="muted">${t('screen.join_code')}</p>
          <p class="code" data-test="hall-join-code">${checkin.code}</p>
        </div>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-hall-join': HallJoin;
  }
}
