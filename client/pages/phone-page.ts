import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RevokeReason } from '../../shared/events.js';
import { followMeeting, type HallState } from '../data/hall.js';
import { SessionController } from '../data/session.js';
import type { ConnectionState } from '../data/socket.js';
import { modeElement, type HallContext } from '../hall/modes.js';
import { LocaleController, t } from '../i18n/index.js';
import { phone } from '../styles/phone.js';
import { shared } from '../styles/shared.js';
import '../components/hall-timer.js';
import '../components/lang-switch.js';

/** What the phone says when its pass stops working, by the server's reason. */
const REVOKED_KEYS: Partial<Record<RevokeReason, string>> = {
  replaced: 'checkin.replaced',
  in_hall: 'checkin.moved_to_hall',
};

/**
 * @summary A participant's phone (`/m/<id>`): follows the hall live — the current item, the
 * agenda, the convener's message and countdown — with the personal pass from a QR check-in or an
 * invite link (`?invite=…`), or as a logged-in staff member. Reconnects by itself and says so
 * while offline. Without a pass it explains how to check in.
 */
@customElement('yishi-phone-page')
export class PhonePage extends LitElement {
  static override styles = [
    shared,
    phone,
    css`
      .offline {
        background: #1b1f24;
        color: #fff;
        margin: 0;
        padding: 0.5rem 1rem;
        text-align: center;
      }
      .message {
        background: #fff4ce;
        color: #4a3b00;
        font-weight: 700;
        padding: 0.75rem 1rem;
        border-radius: 8px;
      }
      yishi-hall-timer {
        font-size: 1.6rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private hallState: HallState | null = null;
  @state() private you = '';
  @state() private connection: ConnectionState = 'connecting';
  @state() private problem = '';
  @state() private needsCheckin = false;
  private stop: (() => void) | null = null;
  private context: HallContext | null = null;

  private get meetingId(): number {
    return Number(this.params.id);
  }

  /** Starts on the first update: `params` from the shell is only restored by Lit then. */
  override willUpdate(): void {
    if (this.stop || this.problem || this.needsCheckin || !this.isConnected) return;
    const invite = new URL(location.href).searchParams.get('invite') ?? undefined;
    if (!Number.isInteger(this.meetingId) || this.meetingId <= 0) {
      this.problem = t('page.not_found');
      return;
    }
    if (!invite && !this.session.user) {
      this.needsCheckin = true;
      return;
    }
    this.context = {
      meetingId: this.meetingId,
      surface: 'phone',
      viewer: invite ? 'participant' : 'staff',
      ...(invite ? { token: invite } : {}),
    };
    this.stop = followMeeting(this.meetingId, invite ? { inviteToken: invite } : {}, {
      joined: (joined) => {
        this.problem = '';
        this.you = joined.you?.name ?? '';
        this.hallState = joined;
      },
      state: (s) => (this.hallState = s),
      refused: (error) => (this.problem = error.message),
      revoked: (reason) => (this.problem = t(REVOKED_KEYS[reason] ?? 'meeting.error.pass')),
      connection: (c) => (this.connection = c),
    });
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

  private content() {
    if (this.problem) return html`<p class="error" role="alert" data-test="phone-problem">${this.problem}</p>`;
    if (this.needsCheckin)
      return html`<p data-test="phone-needs-checkin">${t('phone.needs_checkin')}</p>
        <p><a href="/m/${this.meetingId}/checkin">${t('phone.enter_code')}</a></p>`;
    const s = this.hallState;
    if (!s || !this.context) return html`<p role="status">${t('app.loading')}</p>`;
    return html`${this.you ? html`<p data-test="phone-you">${t('phone.you', { name: this.you })}</p>` : nothing}
      ${s.status === 'closed' ? html`<p class="message">${t('screen.closed')}</p>` : nothing}
      ${s.status === 'scheduled' || s.status === 'draft' ? html`<p class="message">${t('screen.not_started')}</p>` : nothing}
      ${s.screenMessage ? html`<p class="message" data-test="phone-message">${s.screenMessage}</p>` : nothing}
      <yishi-hall-timer .endsAt=${s.timerEndsAt} .clockOffsetMs=${s.clockOffsetMs}></yishi-hall-timer>
      <p class="muted" data-test="phone-attendance">
        ${t('screen.attendance_line', { present: s.attendance.present, expected: s.attendance.expected })}
      </p>
      ${
        s.status === 'live'
          ? html`<yishi-vote-ballot
              .meetingId=${this.meetingId}
              .inviteToken=${this.context.token ?? ''}
            ></yishi-vote-ballot>`
          : nothing
      }
      <div data-test="phone-mode" data-mode=${s.screenMode}>${modeElement(s.screenMode, s, this.context)}</div>`;
  }

  override render() {
    return html`<header>
        <h1 data-test="phone-title">${this.hallState?.title ?? t('phone.title')}</h1>
        <yishi-lang-switch .signedIn=${!!this.session.user}></yishi-lang-switch>
      </header>
      <div role="status">
        ${this.connection === 'offline' && this.hallState ? html`<p class="offline" data-test="phone-offline">${t('app.offline')}</p>` : nothing}
      </div>
      <div class="body">${this.content()}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-phone-page': PhonePage;
  }
}
