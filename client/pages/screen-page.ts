import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SCREEN_MODES } from '../../shared/rules/meeting.js';
import { followMeeting, type HallState } from '../data/hall.js';
import type { ConnectionState } from '../data/socket.js';
import { HALL_MODES, modeElement, type HallContext } from '../hall/modes.js';
import { LocaleController, t } from '../i18n/index.js';
import { hall } from '../styles/hall.js';
import '../components/hall-corner.js';
import '../components/hall-timer.js';

/**
 * @summary The projector (`/m/<id>/screen?token=…`, no login): a 16:9 stage that scales with the
 * window, the current screen mode (HALL_MODES), the check-in corner, the speaker countdown, the
 * convener's message and a live attendance line. Every mode's element stays rendered and only
 * the chosen one is shown, so switching never paints an empty frame; while disconnected the
 * last state stays up under a small offline marker, and a reconnect resumes the current state.
 */
@customElement('yishi-screen-page')
export class ScreenPage extends LitElement {
  static override styles = [
    hall,
    css`
      /* Embedded staff elements (the vote board) read their colours from these. */
      :host {
        --yishi-ink: #fff;
        --yishi-muted: #d0d4d8;
        --yishi-pass: #8df59a;
        --yishi-fail: #ffab91;
        --yishi-bar-track: #3a4047;
        --yishi-bar: #d0d4d8;
        --yishi-bar-winner: #ffd54f;
        /* The board's text is the stage's size, never smaller (README: ≥ 32 px). */
        --yishi-board-size: 1em;
        position: fixed;
        inset: 0;
        background: #000;
        display: grid;
        place-items: center;
        overflow: hidden;
      }
      .stage {
        position: relative;
        width: min(100vw, calc(100vh * 16 / 9));
        height: min(100vh, calc(100vw * 9 / 16));
        font-size: max(32px, min(2.5vw, 4.444vh));
        display: grid;
        grid-template-rows: auto 1fr auto;
        gap: 0.4em;
        padding: 0.5em 0.8em;
        overflow: hidden;
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.6em;
        border-bottom: 0.06em solid #5b6670;
        padding-bottom: 0.2em;
      }
      h1 {
        font-size: 1em;
        flex: 1;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .mode {
        min-height: 0;
        overflow: hidden;
        padding-right: 6.2em;
      }
      /* A mode gets the whole height: the minutes scroll inside it. */
      .mode > div {
        height: 100%;
      }
      yishi-hall-corner {
        position: absolute;
        right: 0.8em;
        bottom: 2.2em;
      }
      footer {
        display: flex;
        gap: 1em;
        align-items: baseline;
        font-size: 1em;
      }
      .message {
        position: absolute;
        left: 0.8em;
        right: 6.6em;
        bottom: 2.2em;
        background: #ffd54f;
        color: #000;
        font-weight: 700;
        padding: 0.3em 0.6em;
        border-radius: 0.2em;
      }
      .offline {
        background: #c62828;
        color: #fff;
        padding: 0.1em 0.5em;
        border-radius: 1em;
      }
      .notice {
        font-size: 1.2em;
        text-align: center;
        padding: 1em;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private hallState: HallState | null = null;
  @state() private connection: ConnectionState = 'connecting';
  @state() private problem = '';
  private stop: (() => void) | null = null;
  private context: HallContext | null = null;

  /**
   * Starts following on the first update rather than in connectedCallback: `params` set by the
   * shell before this module loaded is only restored by Lit at the first update.
   */
  override willUpdate(): void {
    if (!this.stop && !this.problem && this.isConnected) this.start();
  }

  private start(): void {
    const meetingId = Number(this.params.id);
    const token = new URL(location.href).searchParams.get('token') ?? '';
    if (!Number.isInteger(meetingId) || meetingId <= 0 || !token) {
      this.problem = t('screen.bad_link');
      return;
    }
    this.context = { meetingId, surface: 'screen', viewer: 'screen', token };
    this.stop = followMeeting(
      meetingId,
      { screenToken: token },
      {
        joined: (joined) => {
          this.problem = '';
          this.hallState = joined;
        },
        state: (s) => (this.hallState = s),
        refused: (error) => (this.problem = error.message),
        revoked: () => (this.problem = t('meeting.error.screen_token')),
        connection: (c) => (this.connection = c),
      },
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
    this.stop = null;
  }

  override updated(): void {
    if (this.hallState) document.title = `${this.hallState.title} · ${t('app.name')}`;
  }

  private status(s: HallState) {
    if (s.status === 'closed') return html`<p class="notice" data-test="hall-closed">${t('screen.closed')}</p>`;
    if (s.status !== 'live') return html`<p class="kicker">${t('screen.not_started')}</p>`;
    return nothing;
  }

  override render() {
    const s = this.hallState;
    if (this.problem)
      return html`<div class="stage">
        <p class="notice" role="alert" data-test="screen-problem">${this.problem}</p>
      </div>`;
    if (!s || !this.context)
      return html`<div class="stage"><p class="notice" role="status">${t('app.loading')}</p></div>`;
    const a = s.attendance;
    const context = this.context;
    return html`<div class="stage" data-test="screen" data-version=${s.version}>
      <header>
        <h1 data-test="screen-title">${s.title}</h1>
        <yishi-hall-timer .endsAt=${s.timerEndsAt} .clockOffsetMs=${s.clockOffsetMs}></yishi-hall-timer>
        <div role="status">
          ${this.connection === 'offline' ? html`<span class="offline" data-test="screen-offline">${t('screen.offline')}</span>` : nothing}
        </div>
      </header>
      <section class="mode" aria-live="polite" data-mode=${s.screenMode}>
        ${this.status(s)}
        ${SCREEN_MODES.map(
          (mode) =>
            html`<div
              ?hidden=${mode !== s.screenMode || s.status === 'closed'}
              data-test="screen-mode"
              data-mode=${mode}
            >
              ${HALL_MODES[mode] ? modeElement(mode, s, context) : nothing}
            </div>`,
        )}
      </section>
      <footer data-test="screen-attendance" data-present=${a.present} data-quorum=${a.quorumMet ? 'met' : 'unmet'}>
        <span>${t('screen.attendance_line', { present: a.present, expected: a.expected })}</span>
        ${
          a.remote
            ? html`<span data-test="screen-remote" data-remote=${a.remote}>
                ${t(a.remoteCounted ? 'screen.remote_counted' : 'screen.remote', { n: a.remote })}
              </span>`
            : nothing
        }
        <span class=${a.quorumMet ? 'met' : 'unmet'}>
          ${a.quorumRequired === null ? '' : a.quorumMet ? t('screen.quorum_met') : t('screen.quorum_unmet')}
        </span>
      </footer>
      ${s.screenMessage ? html`<p class="message" data-test="screen-message">${s.screenMessage}</p>` : nothing}
      <yishi-hall-corner .checkin=${s.checkin}></yishi-hall-corner>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-screen-page': ScreenPage;
  }
}
