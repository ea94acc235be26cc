import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatRate, formatRatio, type Ratio } from '../../shared/rules/stats.js';
import { LocaleController, t } from '../i18n/index.js';

/**
 * @summary One rate as a big figure with its numerator/denominator always shown beneath (so a
 * tap on a phone needs nothing) and in the title on hover. Null reads "—".
 */
@customElement('yishi-stats-rate')
export class StatsRate extends LitElement {
  static override styles = css`
    :host {
      display: block;
      padding: 0.75rem 1rem;
      border: 1px solid var(--border, #ccc);
      border-radius: 8px;
      min-width: 9rem;
    }
    .value {
      font-size: 2rem;
      font-weight: 700;
    }
    .ratio {
      opacity: 0.8;
    }
  `;
  private readonly i18n = new LocaleController(this);
  @property() label = '';
  @property({ attribute: false }) ratio: Ratio | null = null;

  override render() {
    const hint = this.ratio ? t('stats.ratio_hint', { ...this.ratio }) : '';
    return html`<div title=${hint} tabindex="0" aria-label=${`${this.label} ${formatRate(this.ratio)} ${hint}`}>
      <div>${this.label}</div>
      <div class="value" data-test="rate-value">${formatRate(this.ratio)}</div>
      <div class="ratio" data-test="rate-ratio">${formatRatio(this.ratio)}</div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-stats-rate': StatsRate;
  }
}
