import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

export interface ChartSeries {
  label: string;
  values: number[];
  color: string;
}

/**
 * @summary A small line chart (uPlot) over labelled points, with a table view of the same
 * numbers for screen readers and for anyone who would rather read than look.
 */
@customElement('yishi-stats-chart')
export class StatsChart extends LitElement {
  static override styles = [
    shared,
    css`
      .plot {
        min-height: 220px;
      }
      .toggle {
        float: right;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property() heading = '';
  @property({ attribute: false }) labels: string[] = [];
  @property({ attribute: false }) series: ChartSeries[] = [];
  @property({ type: Boolean }) dark = false;
  @state() private tableView = false;
  private plot: uPlot | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.plot?.destroy();
    this.plot = null;
  }

  override updated(): void {
    this.plot?.destroy();
    this.plot = null;
    const host = this.renderRoot.querySelector<HTMLElement>('.plot');
    if (!host || this.tableView || !this.labels.length) return;
    const axis = { stroke: this.dark ? '#ccc' : '#333', grid: { stroke: this.dark ? '#333' : '#eee' } };
    this.plot = new uPlot(
      {
        width: Math.max(280, host.clientWidth || 600),
        height: 220,
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [{ ...axis, values: (_u, ticks) => ticks.map((i) => this.labels[i] ?? '') }, axis],
        series: [{}, ...this.series.map((s) => ({ label: s.label, stroke: s.color, width: 2 }))],
      },
      [this.labels.map((_, i) => i), ...this.series.map((s) => s.values)],
      host,
    );
  }

  override render() {
    return html`<section aria-label=${this.heading}>
      <button class="toggle" data-test="chart-toggle" @click=${() => (this.tableView = !this.tableView)}>
        ${this.tableView ? t('stats.show_chart') : t('stats.show_table')}
      </button>
      <h2>${this.heading}</h2>
      ${
        this.tableView
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.heading}>
              <table data-test="chart-table">
                <thead>
                  <tr>
                    <th scope="col">${t('stats.month')}</th>
                    ${this.series.map((s) => html`<th scope="col">${s.label}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${this.labels.map(
                    (l, i) =>
                      html`<tr>
                        <th scope="row">${l}</th>
                        ${this.series.map((s) => html`<td>${s.values[i]}</td>`)}
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<div class="plot" role="img" aria-label=${this.heading}></div>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-stats-chart': StatsChart;
  }
}
