import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DEFAULT_CATEGORIES } from '../../shared/rules/intake.js';
import { formatRate, formatRatio, type Ratio } from '../../shared/rules/stats.js';
import type { StatsDashboard } from '../../shared/schemas/stats.js';
import { errorMessage } from '../data/api.js';
import { getStats, watchStats, type StatsFilter } from '../data/stats.js';
import { formatClock } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import '../components/stats-chart.js';
import '../components/stats-rate.js';
import '../components/stats-export.js';

const hours = (seconds: number | null) =>
  seconds === null ? '—' : t('stats.duration_hours', { hours: Math.round((seconds / 3600) * 10) / 10 });

/** A count cell with its rate, numerator/denominator in the title and visible on focus. */
const rateCell = (r: Ratio | null) =>
  html`<td title=${r ? t('stats.ratio_hint', { ...r }) : ''} data-ratio=${formatRatio(r)}>
    ${formatRate(r)} <small>${formatRatio(r)}</small>
  </td>`;

/**
 * @summary /stats: 三率 of the organisations the user covers, drill-down county → township →
 * village → grid, period and category filters, charts with table views, exports. With `screen`
 * (the /stats/screen route) the same figures fill a dark full screen and reload live.
 */
@customElement('yishi-stats-page')
export class StatsPage extends LitElement {
  static override styles = [
    shared,
    css`
      .rates {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        margin: 1rem 0;
      }
      :host([screen]) {
        display: block;
        min-height: 100vh;
        background: #0b1320;
        color: #e8eef8;
        padding: 1.5rem;
        --border: #2c3e5a;
        font-size: 1.25rem;
      }
      :host([screen]) yishi-stats-rate {
        font-size: 1.5rem;
      }
      :host([screen]) table {
        color: inherit;
      }
      .crumbs button {
        background: none;
        border: none;
        color: inherit;
        text-decoration: underline;
        cursor: pointer;
        padding: 0;
      }
      td small {
        opacity: 0.7;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
      }
      .filters input,
      .filters select {
        width: auto;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  /** Big-screen mode: dark, full screen, live. */
  @property({ type: Boolean, reflect: true }) screen = false;
  @state() private data: StatsDashboard | null = null;
  @state() private error = '';
  @state() private filter: StatsFilter = {};
  private stopWatching: (() => void) | null = null;
  private watching: number | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // The router renders this element for both routes; the path picks the mode.
    if (location.pathname === '/stats/screen') this.screen = true;
    const q = new URLSearchParams(location.search);
    const id = Number(q.get('organisationId'));
    this.filter = {
      organisationId: id > 0 ? id : undefined,
      from: q.get('from') ?? undefined,
      to: q.get('to') ?? undefined,
      category: q.get('category') ?? undefined,
    };
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatching?.();
  }

  private async load(): Promise<void> {
    try {
      this.error = '';
      this.data = await getStats(this.filter);
      if (this.screen && this.watching !== this.data.organisation.id) {
        this.stopWatching?.();
        this.watching = this.data.organisation.id;
        this.stopWatching = watchStats(this.watching, () => void this.load());
      }
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private go(organisationId: number): void {
    this.filter = { ...this.filter, organisationId };
    const q = new URLSearchParams(location.search);
    q.set('organisationId', String(organisationId));
    history.replaceState(null, '', `${location.pathname}?${q}`);
    void this.load();
  }

  private apply(e: Event): void {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const v = (k: string) => (form.get(k) as string) || undefined;
    this.filter = { ...this.filter, from: v('from'), to: v('to'), category: v('category') };
    void this.load();
  }

  private filters(d: StatsDashboard) {
    return html`<form class="filters" @submit=${this.apply} data-test="stats-filters">
      <label>${t('stats.from')} <input type="month" name="from" .value=${d.period.from} /></label>
      <label>${t('stats.to')} <input type="month" name="to" .value=${d.period.to} /></label>
      <label
        >${t('stats.category')}
        <select name="category">
          <option value="">${t('stats.all_categories')}</option>
          ${DEFAULT_CATEGORIES.map((c) => html`<option ?selected=${d.category === c}>${c}</option>`)}
        </select>
      </label>
      <button type="submit">${t('stats.apply')}</button>
      <a href=${`/stats/screen?organisationId=${d.organisation.id}`} data-test="stats-screen-link"
        >${t('stats.big_screen')}</a
      >
    </form>`;
  }

  private childRows(d: StatsDashboard) {
    if (!d.children.length) return nothing;
    return html`<h2>${t('stats.children')}</h2>
      <div class="table-wrap" tabindex="0" role="region" aria-label=${t('stats.children')}>
        <table data-test="stats-children">
          <thead>
            <tr>
              <th scope="col">${t('stats.col.organisation')}</th>
              <th scope="col">${t('stats.topics')}</th>
              <th scope="col">${t('stats.rate.response')}</th>
              <th scope="col">${t('stats.rate.completion')}</th>
              <th scope="col">${t('stats.rate.resolution')}</th>
              <th scope="col">${t('stats.rate.satisfaction')}</th>
              <th scope="col">${t('stats.overdue')}</th>
            </tr>
          </thead>
          <tbody>
            ${d.children.map(
              (c) =>
                html`<tr data-test="stats-child" data-id=${c.id ?? ''}>
                  <th scope="row">
                    ${
                      c.id !== null && c.kind !== null
                        ? html`<button class="link" data-test="stats-drill" @click=${() => this.go(c.id!)}>
                            ${c.name}
                          </button>`
                        : t('stats.no_grid')
                    }
                  </th>
                  <td data-test="child-topics">${c.measures.topics}</td>
                  ${rateCell(c.measures.response)} ${rateCell(c.measures.completion)} ${rateCell(c.measures.resolution)}
                  ${rateCell(c.measures.satisfaction)}
                  <td>${c.measures.overdue ?? '—'}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  private counts(d: StatsDashboard) {
    const ratings = d.totals.ratings;
    return html`<div class="rates">
        <div data-test="stats-topics">${t('stats.topics')}: <strong>${d.totals.topics}</strong></div>
        <div>${t('stats.overdue')}: <strong data-test="stats-overdue">${d.totals.overdue ?? '—'}</strong></div>
        <div>${t('stats.visits')}: <strong>${d.visits}</strong></div>
        <div>
          ${t('stats.response_time')}: ${t('stats.median')} ${hours(d.responseTime.median)} · ${t('stats.p90')}
          ${hours(d.responseTime.p90)}
        </div>
        <div>
          ${t('stats.close_time')}: ${t('stats.median')} ${hours(d.closeTime?.median ?? null)} · ${t('stats.p90')}
          ${hours(d.closeTime?.p90 ?? null)}
        </div>
        ${
          ratings
            ? html`<div>
                ${t('stats.ratings')}: ${t('stats.rating.satisfied')} ${ratings.satisfied} ·
                ${t('stats.rating.basically_satisfied')} ${ratings.basicallySatisfied} ·
                ${t('stats.rating.dissatisfied')} ${ratings.dissatisfied}
              </div>`
            : nothing
        }
      </div>
      <div class="row">
        <section>
          <h2>${t('stats.by_category')}</h2>
          <table data-test="stats-categories">
            ${d.byCategory.map(
              (c) =>
                html`<tr>
                  <th scope="row">${c.category}</th>
                  <td>${c.topics}</td>
                </tr>`,
            )}
          </table>
        </section>
        <section>
          <h2>${t('stats.meetings_by_kind')}</h2>
          <table>
            ${d.meetingsByKind.map(
              (m) =>
                html`<tr>
                  <th scope="row">${t(`stats.meeting_kind.${m.kind}`)}</th>
                  <td>${m.count}</td>
                </tr>`,
            )}
          </table>
        </section>
        <section>
          <h2>${t('stats.cosign_leaders')}</h2>
          <ol>
            ${d.cosignLeaders.map((c) => html`<li>${c.title} (${c.organisation}) · ${t('stats.cosigns')} ${c.cosigns}</li>`)}
          </ol>
        </section>
      </div>`;
  }

  override render() {
    const d = this.data;
    return html`<h1>${this.screen ? t('stats.screen_title') : t('stats.title')}</h1>
      <div role="alert" class="error" data-test="stats-error">${this.error}</div>
      ${
        d
          ? html`<nav class="crumbs" aria-label=${t('stats.children')} data-test="stats-breadcrumb">
                ${d.breadcrumb.map(
                  (b, i) =>
                    html`${i ? ' › ' : ''}<button @click=${() => this.go(b.id)} ?disabled=${b.id === d.organisation.id}>
                        ${b.name}
                      </button>`,
                )}
              </nav>
              ${
                this.screen
                  ? html`<p role="status">
                      <button
                        @click=${() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
                      >
                        ${t('stats.big_screen')}
                      </button>
                      <a href=${`/stats?organisationId=${d.organisation.id}`}>${t('stats.exit_screen')}</a>
                      ${t('stats.live')} · ${t('stats.updated_at', { time: formatClock(d.generatedAt) })}
                    </p>`
                  : this.filters(d)
              }
              <p>${t('stats.limit', { hours: d.responseLimitHours })}</p>
              ${d.resolutionsAvailable ? nothing : html`<p>${t('stats.no_resolutions')}</p>`}
              <div class="rates" data-test="stats-rates">
                <yishi-stats-rate
                  data-test="rate-response"
                  .label=${t('stats.rate.response')}
                  .ratio=${d.totals.response}
                ></yishi-stats-rate>
                <yishi-stats-rate
                  data-test="rate-completion"
                  .label=${t('stats.rate.completion')}
                  .ratio=${d.totals.completion}
                ></yishi-stats-rate>
                <yishi-stats-rate
                  data-test="rate-resolution"
                  .label=${t('stats.rate.resolution')}
                  .ratio=${d.totals.resolution}
                ></yishi-stats-rate>
                <yishi-stats-rate
                  data-test="rate-satisfaction"
                  .label=${t('stats.rate.satisfaction')}
                  .ratio=${d.totals.satisfaction}
                ></yishi-stats-rate>
              </div>
              ${this.counts(d)} ${this.childRows(d)}
              <yishi-stats-chart
                .heading=${t('stats.by_month')}
                .dark=${this.screen}
                .labels=${d.byMonth.map((m) => m.month)}
                .series=${[
                  { label: t('stats.topics'), values: d.byMonth.map((m) => m.topics), color: '#1e88e5' },
                  { label: t('stats.responded'), values: d.byMonth.map((m) => m.responded), color: '#43a047' },
                  { label: t('stats.closed'), values: d.byMonth.map((m) => m.closed), color: '#fb8c00' },
                ]}
              ></yishi-stats-chart>
              ${this.screen ? nothing : html`<yishi-stats-export .filter=${{ ...this.filter, organisationId: d.organisation.id }}></yishi-stats-export>`}
              <details>
                <summary>${t('stats.definitions')}</summary>
                <p>${t('stats.def.response')}</p>
                <p>${t('stats.def.completion')}</p>
                <p>${t('stats.def.resolution')}</p>
                <p>${t('stats.def.satisfaction')}</p>
              </details>`
          : html`<p role="status">${t('stats.loading')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-stats-page': StatsPage;
  }
}
