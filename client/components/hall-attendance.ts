import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { HallState } from '../data/hall.js';
import type { HallContext } from '../hall/modes.js';
import { quorumText, remoteText } from '../hall/attendance-text.js';
import { LocaleController, t } from '../i18n/index.js';
import { hall } from '../styles/hall.js';

/** @summary Projector mode `attendance`: expected, present and absent in large figures, and whether the quorum is met. */
@customElement('yishi-hall-attendance')
export class HallAttendance extends LitElement {
  static override styles = [
    hall,
    css`
      dl {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 0.5em;
        margin: 0.6em 0;
        text-align: center;
      }
      dt {
        color: #d0d4d8;
      }
      dd {
        margin: 0;
        font-size: 2.6em;
        font-weight: 700;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) state!: HallState;
  @property({ attribute: false }) context!: HallContext;

  override render() {
    const a = this.state.attendance;
    return html`<h2 class="kicker">${t('screen.attendance')}</h2>
      <dl data-test="hall-attendance">
        <div>
          <dt>${t('attendance.expected')}</dt>
          <dd data-test="hall-expected">${a.expected}</dd>
        </div>
        <div>
          <dt>${t('attendance.present')}</dt>
          <dd data-test="hall-present">${a.present}</dd>
        </div>
        <div>
          <dt>${t('attendance.absent')}</dt>
          <dd>${a.absent}</dd>
        </div>
      </dl>
      <p class="big ${a.quorumMet ? 'met' : 'unmet'}">${quorumText(a)}</p>
      ${a.remote ? html`<p class="muted" data-test="attendance-remote">${remoteText(a)}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-hall-attendance': HallAttendance;
  }
}
