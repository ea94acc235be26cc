import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { RESOLUTION_STATES } from '../../shared/rules/resolution.js';
import type { ResolutionList, ResolutionSummary } from '../../shared/schemas/resolution.js';
import { LatestRequest } from '../data/latest.js';
import { errorMessage } from '../data/api.js';
import { listResolutions, watchResolutions } from '../data/resolutions.js';
import { formatDate } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resolutionStyles } from '../components/resolution-styles.js';
import type { PageEvent } from '../components/pager.js';
import '../components/pager.js';

/** Resolutions per page, most urgent first: a county follows tens of thousands. */
const LIMIT = 200;

/**
 * @summary /follow: the representatives' dashboard — every resolution of the villages one
 * follows, counts at the top, grouped by state, overdue in red and due within three days in
 * amber — and /follow/inbox, a unit's work: dispatched items to accept or return, accepted ones
 * to report on. Both update live; a long list pages, 200 at a time.
 */
@customElement('yishi-follow-page')
export class FollowPage extends LitElement {
  static override styles = [
    shared,
    resolutionStyles,
    css`
      .counts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        padding: 0;
        list-style: none;
      }
      .counts li {
        padding: 0.5rem 1rem;
        border-radius: 8px;
        background: #fff;
        border: 1px solid #c4cad0;
      }
      .counts strong {
        display: block;
        font-size: 1.5rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  /** 'follow' (the dashboard) or 'inbox' (a unit's work). */
  @property() view: 'follow' | 'inbox' = 'follow';
  @state() private list: ResolutionList | null = null;
  @state() private offset = 0;
  /** The offset of the page on screen, which the pager names (the asked-for one may be loading). */
  @state() private shownOffset = 0;
  private readonly latest = new LatestRequest();
  @state() private error = '';
  private stop: (() => void) | null = null;
  private reloading: ReturnType<typeof setTimeout> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    // A burst of changes (a whole meeting's decisions) reloads once.
    this.stop = watchResolutions(this.view, () => {
      if (this.reloading) clearTimeout(this.reloading);
      this.reloading = setTimeout(() => void this.load(), 150);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
  }

  private async load(): Promise<void> {
    try {
      const offset = this.offset;
      await this.latest.run(
        () => listResolutions({ view: this.view, offset, limit: LIMIT }),
        (list) => ((this.list = list), (this.shownOffset = offset)),
      );
      this.error = '';
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private row(r: ResolutionSummary) {
    return html`<tr class=${r.deadlineStatus} data-test="resolution-row" data-id=${r.id} data-state=${r.state}>
      <td><a href="/follow/${r.id}">${r.text}</a></td>
      <td>${r.organisationName}</td>
      <td>${r.responsibleOrganisationName ?? '—'}</td>
      <td>
        ${r.deadline ? formatDate(r.deadline) : '—'}
        ${
          r.deadlineStatus === 'overdue' || r.deadlineStatus === 'due_soon'
            ? html`<span class=${r.deadlineStatus} data-test="deadline-status"
                >${t(`resolution.deadline_status.${r.deadlineStatus}`)}</span
              >`
            : nothing
        }
      </td>
      <td>${r.rating ? t(`resolution.rating.${r.rating}`) : '—'}</td>
    </tr>`;
  }

  private group(state: string, rows: ResolutionSummary[]) {
    if (!rows.length) return nothing;
    return html`<section data-test="state-group" data-state=${state}>
      <h2>${t(`resolution.state.${state}`)} <span class="badge">${rows.length}</span></h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>${t('follow.col.text')}</th>
              <th>${t('follow.col.village')}</th>
              <th>${t('resolution.unit')}</th>
              <th>${t('resolution.deadline')}</th>
              <th>${t('follow.col.rating')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map((r) => this.row(r))}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  override render() {
    const l = this.list;
    return html`<h1>${t(this.view === 'inbox' ? 'follow.inbox_title' : 'follow.title')}</h1>
      <p>
        <a href=${this.view === 'inbox' ? '/follow' : '/follow/inbox'}
          >${t(this.view === 'inbox' ? 'follow.to_dashboard' : 'follow.to_inbox')}</a
        >
      </p>
      <div role="alert" class="error">${this.error}</div>
      ${
        l
          ? html`<ul class="counts" data-test="counts">
                <li><strong data-test="count-total">${l.total}</strong>${t('follow.count.total')}</li>
                <li class="overdue">
                  <strong data-test="count-overdue">${l.overdue}</strong>${t('resolution.deadline_status.overdue')}
                </li>
                <li class="due_soon">
                  <strong data-test="count-due-soon">${l.dueSoon}</strong>${t('resolution.deadline_status.due_soon')}
                </li>
              </ul>
              ${l.items.length ? nothing : html`<p>${t('follow.empty')}</p>`}
              ${RESOLUTION_STATES.map((s) =>
                this.group(
                  s,
                  l.items.filter((r) => r.state === s),
                ),
              )}
              ${
                l.total > LIMIT || this.shownOffset > 0
                  ? html`<yishi-pager
                      .offset=${this.shownOffset}
                      .limit=${LIMIT}
                      .total=${l.total}
                      @page=${(e: PageEvent) => ((this.offset = e.offset), void this.load())}
                    ></yishi-pager>`
                  : nothing
              }`
          : html`<p role="status">${t('app.loading')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-follow-page': FollowPage;
  }
}
