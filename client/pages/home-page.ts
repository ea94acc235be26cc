import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { MeetingSummary } from '../../shared/schemas/meeting.js';
import { MEETING_ROLES } from '../app/meeting-routes.js';
import { listMeetings } from '../data/meetings.js';
import { SessionController } from '../data/session.js';
import { formatDate, formatTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary Landing page after login: a welcome; for those who run meetings, today's and live
 * meetings with the way into each (the console first: a convener who logs in on the morning of a
 * meeting should not have to hunt for it); and the roles the user holds, with where.
 */
@customElement('yishi-home-page')
export class HomePage extends LitElement {
  static override styles = [
    shared,
    css`
      .meetings {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.75rem;
      }
      .meetings li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        align-items: center;
        justify-content: space-between;
        border-bottom: 1px solid #c4cad0;
        padding-bottom: 0.5rem;
      }
      .live {
        font-weight: 700;
        color: #1b6e2a;
      }
      .go {
        display: inline-flex;
        align-items: center;
        min-height: 48px;
        padding: 0 1rem;
        border-radius: 8px;
        background: #0b57a4;
        color: #fff;
        font-weight: 600;
        text-decoration: none;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);
  @state() private today: MeetingSummary[] | null = null;
  private asked = false;

  override willUpdate(): void {
    const user = this.session.user;
    if (this.asked || !user || !user.memberships.some((m) => MEETING_ROLES.includes(m.role))) return;
    this.asked = true;
    void this.load();
  }

  /** Live meetings, and scheduled ones that start today (China time, as every date shown). */
  private async load(): Promise<void> {
    try {
      const [live, scheduled] = await Promise.all([
        listMeetings({ status: 'live', offset: 0, limit: 20 }),
        listMeetings({ status: 'scheduled', offset: 0, limit: 50 }),
      ]);
      const today = formatDate(new Date().toISOString());
      this.today = [...live.items, ...scheduled.items.filter((m) => formatDate(m.startsAt) === today)];
    } catch {
      // The list is a shortcut; the meetings page still lists everything.
      this.today = [];
    }
  }

  private meetings() {
    const list = this.today;
    if (!list) return nothing;
    return html`<section class="card" aria-labelledby="today" data-test="home-meetings">
      <h2 id="today">${t('home.today_meetings')}</h2>
      ${
        list.length
          ? html`<ul class="meetings">
              ${list.map(
                (m) =>
                  html`<li data-test="home-meeting" data-id=${m.id} data-status=${m.status}>
                    <span>
                      ${m.status === 'live' ? html`<span class="live">${t('home.meeting_live')}</span> ·` : nothing}
                      ${formatTime(m.startsAt)} · <strong>${m.title}</strong> · ${m.venue}
                    </span>
                    <span class="row">
                      <a class="go" href="/m/${m.id}/console" data-test="home-console">${t('home.open_console')}</a>
                      <a href="/meetings/${m.id}">${t('console.prepare')}</a>
                    </span>
                  </li>`,
              )}
            </ul>`
          : html`<p>${t('home.no_meetings_today')}</p>`
      }
    </section>`;
  }

  override render() {
    const user = this.session.user;
    if (!user) return html``;
    return html`<h1 data-test="welcome">${t('home.welcome', { name: user.displayName })}</h1>
      ${this.meetings()}
      <section class="card" aria-labelledby="roles">
        <h2 id="roles">${t('home.your_roles')}</h2>
        ${
          user.memberships.length
            ? html`<ul data-test="my-roles">
                ${user.memberships.map(
                  (m) =>
                    html`<li data-role=${m.role} data-organisation=${m.organisationId}>
                      <strong>${t(`role.${m.role}`)}</strong> ·
                      ${t('org.with_kind', { name: m.organisationName, kind: t(`orgkind.${m.organisationKind}`) })}
                    </li>`,
                )}
              </ul>`
            : html`<p>${t('home.no_roles')}</p>`
        }
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-home-page': HomePage;
  }
}
