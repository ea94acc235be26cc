import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DEFAULT_CATEGORIES } from '../../shared/rules/intake.js';
import type { StatsDashboard } from '../../shared/schemas/stats.js';
import { errorMessage } from '../data/api.js';
import { getStats, watchStats, type StatsFilter } from '../data/stats.js';
import { formatClock } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import '../components/stats-chart.js';
import '../components/stats-rate.js';
import '../components/stats-export.js';
import { breakdowns, childTable, counts, rates } from './stats-parts.js';

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
      /*
       * The big screen: one 1920×1080 wall, nothing to scroll. Header, the four rates, then panes
       * that share what height is left; each pane clips its own overflow. Every surface is dark,
       * tables included (the shared white table background would put light text on white).
       */
      :host([screen]) {
        display: block;
        box-sizing: border-box;
        height: 100vh;
        overflow: hidden;
        background: #0b1320;
        color: #e8eef8;
        padding: 1rem 1.5rem;
        --border: #2c3e5a;
        font-size: 1.25rem;
      }
      .wall {
        height: 100%;
        display: grid;
        grid-template-rows: auto auto auto minmax(0, 1fr);
        gap: 0.5rem;
      }
      .wall header {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.5rem 1.5rem;
      }
      .wall h1 {
        margin: 0;
      }
      .wall header p {
        margin: 0;
      }
      .wall .rates {
        margin: 0;
      }
      .wall yishi-stats-rate {
        font-size: 1.5rem;
        flex: 1;
      }
      .panes {
        display: grid;
        grid-template-columns: 3fr 2fr;
        grid-template-rows: minmax(0, 1fr) minmax(0, 1fr);
        gap: 0.75rem 1.5rem;
        min-height: 0;
      }
      .pane {
        min-height: 0;
        overflow: hidden;
      }
      .pane.children {
        grid-row: 1 / span 2;
      }
      .pane h2 {
        margin: 0 0 0.4rem;
        font-size: 1.4rem;
      }
      .wall .breakdowns {
        align-items: flex-start;
        flex-wrap: nowrap;
      }
      .wall .breakdowns section {
        flex: 1;
        min-width: 0;
      }
      .wall ol {
        margin: 0;
        padding-left: 1.4rem;
      }
      :host([screen]) table {
        color: inherit;
        background: transparent;
      }
      :host([screen]) th,
      :host([screen]) td {
        border-bottom-color: var(--border);
        padding: 0.3rem 0.5rem;
      }
      :host([screen]) td small {
        opacity: 1;
        color: #b8c4d6;
      }
      :host([screen]) a,
      :host([screen]) button.link {
        color: #9ecbff;
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

  private definitions() {
    return html`<details>
      <summary>${t('stats.definitions')}</summary>
      <p>${t('stats.def.response')}</p>
      <p>${t('stats.def.completion')}</p>
      <p>${t('stats.def.resolution')}</p>
      <p>${t('stats.def.satisfaction')}</p>
    </details>`;
  }

  private chart(d: StatsDashboard) {
    return html`<yishi-stats-chart
      .heading=${t('stats.by_month')}
      .dark=${this.screen}
      .labels=${d.byMonth.map((m) => m.month)}
      .series=${[
        { label: t('stats.topics'), values: d.byMonth.map((m) => m.topics), color: '#1e88e5' },
        { label: t('stats.responded'), values: d.byMonth.map((m) => m.responded), color: '#43a047' },
        { label: t('stats.closed'), values: d.byMonth.map((m) => m.closed), color: '#fb8c00' },
      ]}
    ></yishi-stats-chart>`;
  }

  private crumbs(d: StatsDashboard) {
    return html`<nav class="crumbs" aria-label=${t('stats.children')} data-test="stats-breadcrumb">
      ${d.breadcrumb.map(
        (b, i) =>
          html`${i ? ' › ' : ''}<button @click=${() => this.go(b.id)} ?disabled=${b.id === d.organisation.id}>
              ${b.name}
            </button>`,
      )}
    </nav>`;
  }

  /** The command centre's wall: everything on one 1920×1080 screen, live. */
  private wall(d: StatsDashboard) {
    return html`<div class="wall">
      <header>
        <h1>${t('stats.screen_title')}</h1>
        ${this.crumbs(d)}
        <p role="status">
          <button @click=${() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>
            ${t('stats.big_screen')}
          </button>
          <a href=${`/stats?organisationId=${d.organisation.id}`}>${t('stats.exit_screen')}</a>
          ${t('stats.live')} · ${t('stats.updated_at', { time: formatClock(d.generatedAt) })} ·
          ${t('stats.limit', { hours: d.responseLimitHours })}
        </p>
      </header>
      <div role="alert" class="error" data-test="stats-error">${this.error}</div>
      ${rates(d)} ${counts(d)}
      <div class="panes">
        <section class="pane children">${childTable(d, (id) => this.go(id))}</section>
        <section class="pane">${this.chart(d)}</section>
        <section class="pane">${breakdowns(d)}</section>
      </div>
    </div>`;
  }

  override render() {
    const d = this.data;
    if (d && this.screen) return this.wall(d);
    return html`<h1>${this.screen ? t('stats.screen_title') : t('stats.title')}</h1>
      <div role="alert" class="error" data-test="stats-error">${this.error}</div>
      ${
        d
          ? html`${this.crumbs(d)} ${this.filters(d)}
              <p>${t('stats.limit', { hours: d.responseLimitHours })}</p>
              ${d.resolutionsAvailable ? nothing : html`<p>${t('stats.no_resolutions')}</p>`} ${rates(d)} ${counts(d)}
              ${breakdowns(d)} ${childTable(d, (id) => this.go(id))} ${this.chart(d)}
              <yishi-stats-export .filter=${{ ...this.filter, organisationId: d.organisation.id }}></yishi-stats-export>
              ${this.definitions()}`
          : html`<p role="status">${t('stats.loading')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-stats-page': StatsPage;
  }
}
