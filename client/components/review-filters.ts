import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DEFAULT_CATEGORIES, TOPIC_STATUSES } from '../../shared/rules/intake.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import type { TopicFilters } from '../data/review.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** The reviewer applied or cleared filters. */
export class FiltersChangeEvent extends Event {
  static readonly type = 'filters-change';
  constructor(readonly filters: TopicFilters) {
    super(FiltersChangeEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary The review queue's filters: status, category, grid, submitted from/to, and a search
 * of title and details. Applied on submit (not per keystroke: one request per decision).
 * @event filters-change - FiltersChangeEvent
 */
@customElement('yishi-review-filters')
export class ReviewFilters extends LitElement {
  static override styles = [
    shared,
    css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
        gap: 0 1rem;
        align-items: end;
        margin-bottom: 1rem;
      }
      .wide {
        grid-column: span 2;
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
        padding-top: 0.75rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) grids: OrganisationView[] = [];
  @property({ attribute: false }) filters: TopicFilters = {};

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    const status = text('status') as TopicFilters['status'];
    const grid = text('gridId');
    const filters: TopicFilters = {
      ...(status ? { status } : {}),
      ...(text('category') ? { category: text('category')! } : {}),
      ...(grid ? { gridId: Number(grid) } : {}),
      ...(text('from') ? { from: text('from')! } : {}),
      ...(text('to') ? { to: text('to')! } : {}),
      ...(text('q') ? { q: text('q')! } : {}),
    };
    this.dispatchEvent(new FiltersChangeEvent(filters));
  }

  private clear(): void {
    this.renderRoot.querySelector('form')?.reset();
    this.dispatchEvent(new FiltersChangeEvent({}));
  }

  override render() {
    const f = this.filters;
    return html`<form role="search" aria-label=${t('review.filters')} @submit=${this.submit} data-test="review-filters">
      <div>
        <label for="status">${t('review.col.status')}</label>
        <select id="status" name="status" data-test="filter-status">
          <option value="">${t('review.filter.any')}</option>
          ${TOPIC_STATUSES.map(
            (s) => html`<option value=${s} ?selected=${f.status === s}>${t(`topic.status.${s}`)}</option>`,
          )}
        </select>
      </div>
      <div>
        <label for="category">${t('review.col.category')}</label>
        <select id="category" name="category" data-test="filter-category">
          <option value="">${t('review.filter.any')}</option>
          ${DEFAULT_CATEGORIES.map((c) => html`<option value=${c} ?selected=${f.category === c}>${c}</option>`)}
        </select>
      </div>
      <div>
        <label for="gridId">${t('review.filter.grid')}</label>
        <select id="gridId" name="gridId" data-test="filter-grid">
          <option value="">${t('review.filter.any')}</option>
          ${this.grids.map((g) => html`<option value=${g.id} ?selected=${f.gridId === g.id}>${g.name}</option>`)}
        </select>
      </div>
      <div>
        <label for="from">${t('review.filter.from')}</label>
        <input id="from" name="from" type="date" .value=${f.from ?? ''} data-test="filter-from" />
      </div>
      <div>
        <label for="to">${t('review.filter.to')}</label>
        <input id="to" name="to" type="date" .value=${f.to ?? ''} data-test="filter-to" />
      </div>
      <div class="wide">
        <label for="q">${t('review.filter.search')}</label>
        <input id="q" name="q" type="search" maxlength="60" .value=${f.q ?? ''} data-test="filter-q" />
      </div>
      <div class="buttons">
        <button type="submit" data-test="filter-apply">${t('review.filter.apply')}</button>
        <button type="button" class="secondary" @click=${this.clear}>${t('review.filter.clear')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-review-filters': ReviewFilters;
  }
  interface HTMLElementEventMap {
    'filters-change': FiltersChangeEvent;
  }
}
