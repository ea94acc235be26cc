import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** Fired with the new offset when the user pages. */
export class PageEvent extends Event {
  static readonly type = 'page';
  constructor(readonly offset: number) {
    super(PageEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary Previous / next paging with "1–50 of 312".
 * @event page - PageEvent with the new offset
 */
@customElement('yishi-pager')
export class Pager extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  @property({ type: Number }) offset = 0;
  @property({ type: Number }) limit = 50;
  @property({ type: Number }) total = 0;

  override render() {
    const from = this.total ? this.offset + 1 : 0;
    const to = Math.min(this.offset + this.limit, this.total);
    return html`<nav class="row" aria-label=${t('page.label')} data-test="pager">
      <button
        class="secondary"
        data-test="page-previous"
        ?disabled=${this.offset === 0}
        @click=${() => this.dispatchEvent(new PageEvent(Math.max(0, this.offset - this.limit)))}
      >
        ${t('action.previous_page')}
      </button>
      <span aria-live="polite">${t('page.range', { from, to, total: this.total })}</span>
      <button
        class="secondary"
        data-test="page-next"
        ?disabled=${to >= this.total}
        @click=${() => this.dispatchEvent(new PageEvent(this.offset + this.limit))}
      >
        ${t('action.next_page')}
      </button>
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-pager': Pager;
  }
  interface HTMLElementEventMap {
    page: PageEvent;
  }
}
