import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { MEETING_STATUSES, type MeetingStatus } from '../../shared/rules/meeting.js';
import type { MeetingList, MeetingSummary } from '../../shared/schemas/meeting.js';
import { LatestRequest } from '../data/latest.js';
import { errorMessage } from '../data/api.js';
import { listMeetings } from '../data/meetings.js';
import { SessionController } from '../data/session.js';
import { formatSpan } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { PageEvent } from '../components/pager.js';
import '../components/pager.js';

const LIMIT = 20;

/** A meeting's time span in the reader's language and China time, e.g. 2026年11月25日 09:00–11:00. */
export function meetingWhen(m: Pick<MeetingSummary, 'startsAt' | 'endsAt'>): string {
  return formatSpan(m.startsAt, m.endsAt);
}

/**
 * @summary Meetings in the user's part of the tree, newest first, by status (all, draft,
 * published, live, closed), paginated; organisers can start a new one. Live meetings link
 * straight to the console.
 */
@customElement('yishi-meetings-page')
export class MeetingsPage extends LitElement {
  static override styles = [
    shared,
    css`
      .toolbar {
        justify-content: space-between;
        margin-bottom: 1rem;
      }
      .tabs button[aria-pressed='true'] {
        background: #0b57a4;
        color: #fff;
      }
      table {
        min-width: 44rem;
      }
      .new {
        display: inline-flex;
        align-items: center;
        min-height: 48px;
        padding: 0.4rem 1rem;
        border-radius: 8px;
        background: #0b57a4;
        color: #fff;
        text-decoration: none;
        font-weight: 600;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);
  @state() private data: MeetingList | null = null;
  @state() private status: MeetingStatus | undefined = undefined;
  @state() private offset = 0;
  /** The offset of the page on screen, which the pager names (the asked-for one may be loading). */
  @state() private shownOffset = 0;
  private readonly latest = new LatestRequest();
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      const offset = this.offset;
      await this.latest.run(
        () => listMeetings({ status: this.status, offset, limit: LIMIT }),
        (data) => ((this.data = data), (this.shownOffset = offset)),
      );
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private pick(status: MeetingStatus | undefined): void {
    this.status = status;
    this.offset = 0;
    void this.load();
  }

  private row(m: MeetingSummary) {
    return html`<tr data-test="meeting-row" data-id=${m.id} data-status=${m.status}>
      <td>
        <a href="/meetings/${m.id}" data-test="meeting-link">${m.title}</a><br /><span class="muted">${m.venue}</span>
      </td>
      <td>${t(`meeting.kind.${m.kind}`)}<br /><span class="muted">${m.organisationName}</span></td>
      <td>${meetingWhen(m)}</td>
      <td>
        ${t(`meeting.status.${m.status}`)}
        ${m.shortNotice ? html`<br /><span class="error">${t('lifecycle.short_notice_badge')}</span>` : nothing}
      </td>
      <td>
        ${
          m.status === 'live' || m.status === 'scheduled'
            ? html`<a href="/m/${m.id}/console" data-test="console-link">${t('meetings.open_console')}</a>`
            : nothing
        }
      </td>
    </tr>`;
  }

  override render() {
    const organiser = this.session.user?.memberships.some((m) => m.role === 'admin' || m.role === 'convener');
    const data = this.data;
    return html`<h1>${t('nav.meetings')}</h1>
      <div class="row toolbar">
        <div class="row tabs" role="group" aria-label=${t('meetings.filter')}>
          ${[undefined, ...MEETING_STATUSES].map(
            (s) =>
              html`<button
                class="secondary"
                aria-pressed=${this.status === s ? 'true' : 'false'}
                data-test="status-filter"
                data-status=${s ?? 'all'}
                @click=${() => this.pick(s)}
              >
                ${s ? t(`meeting.status.${s}`) : t('meetings.all')}
              </button>`,
          )}
        </div>
        ${organiser ? html`<a class="new" href="/meetings/new" data-test="meeting-new">${t('meeting.new.title')}</a>` : nothing}
      </div>
      <div role="alert" class="error">${this.error}</div>
      ${
        !data
          ? html`<p role="status">${t('app.loading')}</p>`
          : data.items.length
            ? html`<div class="table-wrap">
                  <table data-test="meetings-table">
                    <thead>
                      <tr>
                        <th scope="col">${t('meeting.form.title')}</th>
                        <th scope="col">${t('meeting.form.kind')}</th>
                        <th scope="col">${t('meetings.when')}</th>
                        <th scope="col">${t('lifecycle.status')}</th>
                        <th scope="col"><span class="visually-hidden">${t('meetings.open_console')}</span></th>
                      </tr>
                    </thead>
                    <tbody>
                      ${data.items.map((m) => this.row(m))}
                    </tbody>
                  </table>
                </div>
                <yishi-pager
                  .offset=${this.shownOffset}
                  .limit=${LIMIT}
                  .total=${data.total}
                  @page=${(e: PageEvent) => ((this.offset = e.offset), void this.load())}
                ></yishi-pager>`
            : html`<p data-test="meetings-table">${t('meetings.none')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-meetings-page': MeetingsPage;
  }
}
