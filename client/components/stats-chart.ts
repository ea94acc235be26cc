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
      /*
       * The parts of uPlot's own stylesheet (uPlot.min.css) its layout needs. It is written for the
       * document and cannot reach into this shadow root: without these rules the canvases are not
       * stacked and the plot spills over whatever follows it.
       */
      .uplot,
      .uplot * {
        box-sizing: border-box;
      }
      .uplot {
        width: min-content;
        line-height: 1.5;
      }
      .u-wrap {
        position: relative;
        user-select: none;
      }
      .u-over,
      .u-under,
      .u-axis,
      .u-select,
      .u-cursor-x,
      .u-cursor-y,
      .u-cursor-pt {
        position: absolute;
      }
      .u-under {
        overflow: hidden;
      }
      .uplot canvas {
        display: block;
        position: relative;
        width: 100%;
        height: 100%;
      }
      .u-select,
      .u-cursor-x,
      .u-cursor-y,
      .u-cursor-pt {
        pointer-events: none;
        left: 0;
        top: 0;
      }
      .u-axis.u-off,
      .u-select.u-off,
      .u-cursor-x.u-off,
      .u-cursor-y.u-off,
      .u-cursor-pt.u-off {
        display: none;
      }
      .legend {
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1.25rem;
        margin: 0.25rem 0 0.5rem;
        padding: 0;
      }
      .legend li {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
      }
      :host([dark]) {
        color: #e8eef8;
      }
      :host([dark]) h2 {
        color: inherit;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property() heading = '';
  @property({ attribute: false }) labels: string[] = [];
  @property({ attribute: false }) series: ChartSeries[] = [];
  @property({ type: Boolean, reflect: true }) dark = false;
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
          : html`<ul class="legend" data-test="stats-legend" aria-label=${t('stats.legend')}>
                ${this.series.map(
                  // An SVG swatch: the CSP admits no inline style for a coloured box.
                  (s) =>
                    html`<li>
                      <svg width="28" height="10" aria-hidden="true">
                        <rect x="0" y="3" width="28" height="4" fill=${s.color}></rect>
                      </svg>
                      ${s.label}
                    </li>`,
                )}
              </ul>
              <div class="plot" role="img" aria-label=${this.heading}></div>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-stats-chart': StatsChart;
  }
}
