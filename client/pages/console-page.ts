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
        align-items: center;
        gap: 0.25rem 1.5rem;
        margin-bottom: 0.5rem;
      }
      .head h1 {
        font-size: 1.3rem;
        margin: 0;
      }
      .head p {
        margin: 0;
      }
      .lifecycle yishi-meeting-lifecycle {
        display: block;
      }
      .online {
        color: #1b6e2a;
        font-weight: 600;
      }
      .offline {
        color: #a4161a;
        font-weight: 600;
      }
      .card h2 {
        margin: 0 0 0.5rem;
        font-size: 1.15rem;
      }
      /*
       * One screen on a 1366×768 laptop: the agenda and the screen modes on the left, the vote of
       * the item under discussion on the right, each scrolling inside itself; attendance, links,
       * countdown, message and minutes in a column of their own below the steering panels. The
       * height is the window's less what lies above (--console-top, measured).
       */
      @media (min-width: 900px) {
        .console {
          display: grid;
          grid-template-columns: minmax(0, 1fr) minmax(0, 1.1fr);
          gap: 0 1rem;
          height: calc(100vh - var(--console-top, 12rem) - 0.5rem);
          min-height: 30rem;
        }
        .column {
          display: flex;
          flex-direction: column;
          gap: 0.75rem;
          min-height: 0;
        }
        .column > .card {
          margin: 0;
        }
        .fixed {
          flex: 0 0 auto;
        }
        .scrolls {
          flex: 1 1 0;
          overflow: auto;
          min-height: 6rem;
        }
      }
      .scrolls section + section {
        border-top: 1px solid #c4cad0;
        margin-top: 1rem;
        padding-top: 0.75rem;
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
    removeEventListener('resize', this.measure);
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

  override updated(): void {
    this.measure();
  }

  override firstUpdated(): void {
    addEventListener('resize', this.measure);
  }

  /** Where the console starts on the page, so its panels can take exactly the rest of the window. */
  private readonly measure = () => {
    const console = this.renderRoot.querySelector<HTMLElement>('.console');
    if (!console) return;
    const top = Math.round(console.getBoundingClientRect().top + scrollY);
    if (top !== this.consoleTop) {
      this.consoleTop = top;
      this.style.setProperty('--console-top', `${top}px`);
    }
  };
  private consoleTop = -1;

  private panels(column: 'left' | 'right', fixed: boolean, s: HallState, m: MeetingView) {
    return CONSOLE_PANELS.filter((p) => p.column === column && !!p.fixed === fixed).map(
      (p) =>
        html`<section aria-labelledby="panel-${p.tag}" data-test="panel" data-panel=${p.tag}>
          <h2 id="panel-${p.tag}">${t(p.titleKey)}</h2>
          ${panelElement(p.tag, s, m, this.canDrive)}
        </section>`,
    );
  }

  override render() {
    const m = this.meeting;
    const s = this.hallState;
    return html`<div class="row head">
        <h1 data-test="console-title">${t('console.title')}${m ? html`：${m.title}` : nothing}</h1>
        <p role="status">
          ${
            this.connection === 'online'
              ? html`<span class="online">${t('console.online')}</span>`
              : html`<span class="offline" data-test="console-offline">${t('app.offline')}</span>`
          }
          ${s && !this.canDrive ? html` · ${t('console.watch_only')}` : nothing}
        </p>
        ${
          m
            ? html`<section
                class="lifecycle"
                aria-label=${t('lifecycle.status')}
                @meeting-updated=${(e: MeetingUpdatedEvent) => (this.meeting = e.meeting)}
              >
                <yishi-meeting-lifecycle
                  compact
                  .meeting=${m}
                  ?readonly=${!mayOrganise(this.session.user, m)}
                ></yishi-meeting-lifecycle>
              </section>`
            : nothing
        }
        ${m ? html`<a href="/meetings/${m.id}">${t('console.prepare')}</a>` : nothing}
      </div>
      <div role="alert" class="error" data-test="console-error">${this.error}</div>
      ${
        m && s
          ? html`<div class="console" @meeting-updated=${(e: MeetingUpdatedEvent) => (this.meeting = e.meeting)}>
              ${(['left', 'right'] as const).map(
                (column) =>
                  html`<div class="column">
                    <div class="card fixed">${this.panels(column, true, s, m)}</div>
                    <div class="card scrolls" data-test="console-${column}">${this.panels(column, false, s, m)}</div>
                  </div>`,
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
