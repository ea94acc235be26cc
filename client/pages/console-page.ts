import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MeetingView } from '../../shared/schemas/meeting.js';
import { errorMessage } from '../data/api.js';
import { followMeeting, type HallState } from '../data/hall.js';
import { getMeeting } from '../data/meetings.js';
import { SessionController } from '../data/session.js';
import { mayOrganise } from '../app/meeting-rights.js';
import type { ConnectionState } from '../data/socket.js';
import { CONSOLE_PANELS, panelElement, type MeetingUpdatedEvent } from '../hall/modes.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import '../components/meeting-lifecycle.js';

/** How often at most the register is re-read while people check in. */
const REFRESH_MS = 1000;

/**
 * @summary The convener's console (`/m/<id>/console`): the meeting's status (start, close), and
 * one element per panel (CONSOLE_PANELS: agenda and pointer, screen mode, countdown, message,
 * attendance, links), all rendering the live state the server pushes. Staff who may not drive
 * (other than the convener and secretaries) see the same panels, disabled.
 */
@customElement('yishi-console-page')
export class ConsolePage extends LitElement {
  static override styles = [
    shared,
    css`
      .head {
        justify-content: space-between;
        align-items: flex-start;
      }
      .panels {
        display: grid;
        gap: 1rem;
        grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr));
      }
      .panels .wide {
        grid-column: 1 / -1;
      }
      @media (min-width: 1100px) {
        .panels .wide {
          grid-column: span 2;
        }
      }
      .panels h2 {
        margin-top: 0;
      }
      .online {
        color: #1b6e2a;
        font-weight: 600;
      }
      .offline {
        color: #a4161a;
        font-weight: 600;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private meeting: MeetingView | null = null;
  @state() private hallState: HallState | null = null;
  @state() private canDrive = false;
  @state() private connection: ConnectionState = 'connecting';
  @state() private error = '';
  private stop: (() => void) | null = null;
  private refresh: { timer: ReturnType<typeof setTimeout> | null; version: number } = { timer: null, version: -1 };

  private get meetingId(): number {
    return Number(this.params.id);
  }

  /** Starts on the first update: `params` from the shell is only restored by Lit then. */
  override willUpdate(): void {
    if (this.stop || !this.isConnected) return;
    void this.reload();
    this.stop = followMeeting(
      this.meetingId,
      {},
      {
        joined: (joined) => {
          this.canDrive = joined.canDrive;
          this.show(joined);
        },
        state: (s) => this.show(s),
        refused: (error) => (this.error = error.message),
        revoked: () => undefined,
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
    if (this.refresh.timer) clearTimeout(this.refresh.timer);
  }

  /** A new state: shown at once; the register (who is present) follows within a second. */
  private show(s: HallState): void {
    this.hallState = s;
    if (s.version === this.refresh.version || this.refresh.timer) return;
    this.refresh.timer = setTimeout(() => {
      this.refresh.timer = null;
      this.refresh.version = this.hallState?.version ?? -1;
      void this.reload();
    }, REFRESH_MS);
  }

  private async reload(): Promise<void> {
    try {
      this.meeting = await getMeeting(this.meetingId);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  override render() {
    const m = this.meeting;
    const s = this.hallState;
    return html`<div class="row head">
        <div>
          <h1 data-test="console-title">${t('console.title')}${m ? html`：${m.title}` : nothing}</h1>
          <p role="status">
            ${
              this.connection === 'online'
                ? html`<span class="online">${t('console.online')}</span>`
                : html`<span class="offline" data-test="console-offline">${t('app.offline')}</span>`
            }
            ${s && !this.canDrive ? html` · ${t('console.watch_only')}` : nothing}
          </p>
        </div>
        ${m ? html`<a href="/meetings/${m.id}">${t('console.prepare')}</a>` : nothing}
      </div>
      <div role="alert" class="error" data-test="console-error">${this.error}</div>
      ${
        m
          ? html`<section
              class="card"
              aria-label=${t('lifecycle.status')}
              @meeting-updated=${(e: MeetingUpdatedEvent) => (this.meeting = e.meeting)}
            >
              <yishi-meeting-lifecycle
                .meeting=${m}
                ?readonly=${!mayOrganise(this.session.user, m)}
              ></yishi-meeting-lifecycle>
            </section>`
          : nothing
      }
      ${
        m && s
          ? html`<div class="panels" @meeting-updated=${(e: MeetingUpdatedEvent) => (this.meeting = e.meeting)}>
              ${CONSOLE_PANELS.map(
                (p) =>
                  html`<section class="card ${p.wide ? 'wide' : ''}" aria-labelledby="panel-${p.tag}" data-test="panel">
                    <h2 id="panel-${p.tag}">${t(p.titleKey)}</h2>
                    ${panelElement(p.tag, s, m, this.canDrive)}
                  </section>`,
              )}
            </div>`
          : this.error
            ? nothing
            : html`<p role="status">${t('app.loading')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-console-page': ConsolePage;
  }
}
