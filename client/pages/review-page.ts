import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { StaffTopicList, StaffTopicSummary } from '../../shared/schemas/intake.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import { LatestRequest } from '../data/latest.js';
import { errorMessage } from '../data/api.js';
import { listOrganisations } from '../data/organisations.js';
import { listTopics, reviewOrganisations, type TopicFilters } from '../data/review.js';
import { SessionController } from '../data/session.js';
import { watchReviewQueue } from '../data/socket.js';
import { formatDateTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { FiltersChangeEvent } from '../components/review-filters.js';
import type { PageEvent } from '../components/pager.js';
import '../components/pager.js';
import '../components/review-filters.js';

const LIMIT = 25;

/** Whether a topic that just arrived belongs in the list as filtered. */
function matches(topic: StaffTopicSummary, f: TopicFilters): boolean {
  if (f.status && f.status !== topic.status) return false;
  if (f.category && f.category !== topic.category) return false;
  if (f.gridId && f.gridId !== topic.gridId) return false;
  if (f.to && topic.submittedAt.slice(0, 10) > f.to) return false;
  if (f.q && !topic.title.includes(f.q)) return false;
  return true;
}

/**
 * @summary The review queue (审定): topics of the reviewer's part of the tree, newest first,
 * filtered by status, category, grid and date and searched in title and details, 25 a page.
 * Live: a topic submitted anywhere the reviewer reviews appears at the top without a reload
 * (and is announced); changes made elsewhere update their rows.
 */
@customElement('yishi-review-page')
export class ReviewPage extends LitElement {
  static override styles = [
    shared,
    css`
      table {
        min-width: 52rem;
      }
      tr.fresh {
        background: #fff4ce;
      }
      .status {
        font-weight: 700;
      }
      .flag {
        color: #7a1014;
        font-weight: 700;
      }
      .summary {
        justify-content: space-between;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);
  @state() private data: StaffTopicList | null = null;
  @state() private filters: TopicFilters = {};
  @state() private offset = 0;
  /** The offset of the page on screen, which the pager names (the asked-for one may be loading). */
  @state() private shownOffset = 0;
  private readonly latest = new LatestRequest();
  @state() private error = '';
  @state() private orgs: OrganisationView[] = [];
  /** Ids that arrived live since the page loaded, highlighted until the next reload. */
  @state() private fresh = new Set<number>();
  /** Arrivals that do not show on this page of this filter: offered as "N new, show them". */
  @state() private unseen = 0;
  @state() private announcement = '';
  private stop: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    listOrganisations().then(
      (orgs) => (this.orgs = orgs),
      (err) => (this.error = errorMessage(err)),
    );
    const user = this.session.user;
    if (user) {
      this.stop = watchReviewQueue(reviewOrganisations(user), {
        received: (topic) => this.received(topic),
        updated: (topic) => this.changed(topic),
        onError: (e) => (this.error = e.message),
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      const offset = this.offset;
      await this.latest.run(
        () => listTopics(this.filters, offset, LIMIT),
        (data) => ((this.data = data), (this.shownOffset = offset), (this.unseen = 0)),
      );
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private received(topic: StaffTopicSummary): void {
    this.announcement = t('review.live.arrived', { title: topic.title });
    if (!this.data) return;
    if (this.data.items.some((x) => x.id === topic.id)) return;
    const openCount = this.data.openCount + 1;
    if (this.shownOffset === 0 && matches(topic, this.filters)) {
      this.fresh = new Set([...this.fresh, topic.id]);
      this.data = {
        items: [topic, ...this.data.items].slice(0, LIMIT),
        total: this.data.total + 1,
        openCount,
      };
    } else {
      this.unseen++;
      this.data = { ...this.data, openCount };
    }
  }

  /** A topic changed elsewhere (another reviewer, a co-sign): its row follows. */
  private changed(topic: StaffTopicSummary): void {
    if (!this.data) return;
    this.data = { ...this.data, items: this.data.items.map((x) => (x.id === topic.id ? topic : x)) };
  }

  private filter(e: FiltersChangeEvent): void {
    this.filters = e.filters;
    this.offset = 0;
    this.fresh = new Set();
    void this.load();
  }

  private row(topic: StaffTopicSummary) {
    return html`<tr class=${this.fresh.has(topic.id) ? 'fresh' : ''} data-test="topic-row" data-id=${topic.id}>
      <td><time datetime=${topic.submittedAt}>${formatDateTime(topic.submittedAt)}</time></td>
      <td>
        <a href="/review/${topic.id}" data-test="topic-link">${topic.title}</a>
        ${this.fresh.has(topic.id) ? html` <strong>${t('review.live.new')}</strong>` : nothing}
        ${topic.assemblyDemand ? html`<br /><span class="flag">${t('review.assembly_flag')}</span>` : nothing}
        ${topic.representativesDemand ? html`<br /><span class="flag">${t('review.representatives_flag')}</span>` : nothing}
      </td>
      <td>${topic.category}</td>
      <td>${topic.organisationName}</td>
      <td class="status" data-test="topic-status">${t(`topic.status.${topic.status}`)}</td>
      <td>${topic.cosignCount}</td>
      <td>${topic.ownerName ?? '—'}</td>
    </tr>`;
  }

  private table(data: StaffTopicList) {
    if (!data.items.length) return html`<p data-test="topics-table">${t('review.none')}</p>`;
    return html`<div class="table-wrap">
        <table data-test="topics-table">
          <caption class="visually-hidden">
            ${t('review.caption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('review.col.submitted')}</th>
              <th scope="col">${t('review.col.title')}</th>
              <th scope="col">${t('review.col.category')}</th>
              <th scope="col">${t('review.col.organisation')}</th>
              <th scope="col">${t('review.col.status')}</th>
              <th scope="col">${t('review.col.cosigns')}</th>
              <th scope="col">${t('review.col.owner')}</th>
            </tr>
          </thead>
          <tbody>
            ${data.items.map((topic) => this.row(topic))}
          </tbody>
        </table>
      </div>
      <yishi-pager
        .offset=${this.shownOffset}
        .limit=${LIMIT}
        .total=${data.total}
        @page=${(e: PageEvent) => ((this.offset = e.offset), void this.load())}
      ></yishi-pager>`;
  }

  override render() {
    const user = this.session.user;
    const grids = this.orgs.filter((o) => o.kind === 'grid');
    return html`<div class="row summary">
        <h1>${t('nav.review')}</h1>
        ${this.data ? html`<p data-test="open-count">${t('review.open_count', { count: this.data.openCount })}</p>` : nothing}
      </div>
      <yishi-review-filters
        .grids=${grids}
        .filters=${this.filters}
        @filters-change=${this.filter}
      ></yishi-review-filters>
      <div role="alert" class="error" data-test="review-error">${this.error}</div>
      <div role="status" class="visually-hidden" data-test="live-announcement">${this.announcement}</div>
      ${
        this.unseen
          ? html`<p>
              <button class="secondary" data-test="show-new" @click=${() => ((this.offset = 0), void this.load())}>
                ${t('review.live.unseen', { count: this.unseen })}
              </button>
            </p>`
          : nothing
      }
      ${user && !reviewOrganisations(user).length ? html`<p>${t('review.no_scope')}</p>` : nothing}
      ${this.data ? this.table(this.data) : html`<p role="status">${t('app.loading')}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-review-page': ReviewPage;
  }
}
