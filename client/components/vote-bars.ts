import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary One bar per option with its count: native <progress> elements, so the lengths need no
 * inline style (the CSP allows none) and screen readers read each as a value out of the total.
 * Winners (passed, elected) are marked in words as well as in colour.
 */
@customElement('yishi-vote-bars')
export class VoteBars extends LitElement {
  static override styles = [
    shared,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      li {
        display: grid;
        grid-template-columns: minmax(4rem, max-content) 1fr 3.5rem;
        gap: 0.75rem;
        align-items: center;
      }
      .count {
        text-align: right;
        font-variant-numeric: tabular-nums;
        font-weight: 700;
      }
      progress {
        appearance: none;
        width: 100%;
        height: 1.5rem;
        border: none;
        border-radius: 6px;
        background: var(--yishi-bar-track, #e3e7eb);
        overflow: hidden;
      }
      progress::-webkit-progress-bar {
        background: var(--yishi-bar-track, #e3e7eb);
      }
      progress::-webkit-progress-value {
        background: var(--yishi-bar, #5b6670);
      }
      progress::-moz-progress-bar {
        background: var(--yishi-bar, #5b6670);
      }
      li.winner progress::-webkit-progress-value {
        background: var(--yishi-bar-winner, #0b57a4);
      }
      li.winner progress::-moz-progress-bar {
        background: var(--yishi-bar-winner, #0b57a4);
      }
      li.winner .label {
        font-weight: 700;
      }
      :host([large]) li {
        font-size: 1.6em;
      }
      :host([large]) progress {
        height: 2.5rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) labels: string[] = [];
  @property({ attribute: false }) counts: number[] = [];
  /** Indices of the options that won (passed, adopted, elected). */
  @property({ attribute: false }) winners: number[] = [];
  /** The full length of a bar: ballots cast. */
  @property({ type: Number }) total = 0;
  /** Projector size. */
  @property({ type: Boolean, reflect: true }) large = false;

  override render() {
    const max = Math.max(1, this.total, ...this.counts);
    return html`<ul data-test="vote-bars">
      ${this.labels.map((label, i) => {
        const count = this.counts[i] ?? 0;
        const won = this.winners.includes(i);
        return html`<li class=${won ? 'winner' : ''} data-test="vote-bar" data-option=${i}>
          <span class="label"
            >${label}${won ? html` <span class="visually-hidden">${t('vote.bars.winner')}</span>` : ''}</span
          >
          <progress
            max=${max}
            .value=${count}
            aria-label=${t('vote.bars.aria', { label, count, total: this.total })}
          ></progress>
          <span class="count" data-test="vote-count">${count}</span>
        </li>`;
      })}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-vote-bars': VoteBars;
  }
}
