import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatRate, formatRatio, type Ratio } from '../../shared/rules/stats.js';
import type { BoardRates } from '../../shared/schemas/stats.js';
import { getBoardRates } from '../data/stats.js';
import { LocaleController, t } from '../i18n/index.js';
import './stats-rate.js';

type RateKey = 'response' | 'completion' | 'satisfaction';
const RATES: readonly RateKey[] = ['response', 'completion', 'satisfaction'];

/**
 * @summary The public board's (公开栏) three rates of one village for the last 12 months: the
 * totals as cards and a month-by-month table, every figure with its numerator/denominator in
 * plain text (residents check the arithmetic, screen readers read it). Public, counts only.
 * Set `organisationId` (attribute `organisation-id`); the board page embeds it.
 */
@customElement('yishi-board-rates')
export class BoardRatesElement extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .cards {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      margin-bottom: 1rem;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      padding: 0.35rem 0.5rem;
      border-bottom: 1px solid var(--border, #ccc);
      text-align: start;
    }
    td.rate {
      white-space: nowrap;
    }
    .ratio {
      opacity: 0.8;
      font-size: 0.9em;
    }
    caption {
      text-align: start;
      font-weight: 600;
      padding-bottom: 0.5rem;
    }
  `;
  private readonly i18n = new LocaleController(this);
  @property({ type: Number, attribute: 'organisation-id' }) organisationId = 0;
  @state() private rates: BoardRates | null = null;
  @state() private failed = false;
  private loading = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('organisationId') && this.organisationId > 0) void this.load();
  }

  /** Fetches again (e.g. when the page hears that a topic arrived). Late answers for another village are dropped. */
  async load(): Promise<void> {
    const ticket = ++this.loading;
    this.failed = false;
    try {
      const rates = await getBoardRates(this.organisationId);
      if (ticket === this.loading) this.rates = rates;
    } catch {
      if (ticket === this.loading) this.failed = true;
    }
  }

  private cell(r: Ratio | null) {
    return html`<td class="rate">
      <span>${formatRate(r)}</span>
      <span class="ratio" data-test="board-ratio">(${formatRatio(r)})</span>
    </td>`;
  }

  override render() {
    if (this.failed) return html`<p role="alert">${t('stats.board.error')}</p>`;
    const r = this.rates;
    if (!r) return html`<p role="status">${t('stats.loading')}</p>`;
    // A month with nothing to count would read "— (0/0)" three times: the board shows months with figures.
    const months = r.months.filter((m) => RATES.some((k) => (m[k]?.denominator ?? 0) > 0));
    return html`<section aria-label=${t('stats.board.title')}>
      <div class="cards">
        ${RATES.map((k) => html`<yishi-stats-rate .label=${t(`stats.rate.${k}`)} .ratio=${r.totals[k]}></yishi-stats-rate>`)}
      </div>
      ${r.totals.completion === null ? html`<p>${t('stats.board.no_resolutions')}</p>` : nothing}
      ${months.length ? this.table(r, months) : nothing}
    </section>`;
  }

  private table(r: BoardRates, months: BoardRates['months']) {
    return html`<table>
      <caption>
        ${t('stats.board.caption', { name: r.organisation.name })}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('stats.month')}</th>
          ${RATES.map((k) => html`<th scope="col">${t(`stats.rate.${k}`)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${months.map(
          (m) =>
            html`<tr>
              <th scope="row">${m.month}</th>
              ${RATES.map((k) => this.cell(m[k]))}
            </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-board-rates': BoardRatesElement;
  }
}
