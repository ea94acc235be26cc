import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import './objections-page.js';
import './objection-track-page.js';

/**
 * @summary The residents' objection pages under /o/, loaded together on demand: with
 * `?code=<intake code>` (the public board's "提出异议", `&matter=<id>` opening that matter's
 * form) the village's matters on display and the form; else the answer by `receipt`
 * (/o/<receipt>, or /o/ to type one). One route for both keeps the intake form's download,
 * which carries the residents' route table, within its budget.
 */
@customElement('yishi-objection-pages')
export class ObjectionPages extends LitElement {
  @property() receipt = '';

  // Light DOM: the page inside is what the shell and tests look at.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    const code = new URLSearchParams(location.search).get('code') ?? '';
    return !this.receipt && /^[A-Za-z0-9-]{4,12}$/.test(code)
      ? html`<yishi-objections-page code=${code}></yishi-objections-page>`
      : html`<yishi-objection-track-page receipt=${this.receipt}></yishi-objection-track-page>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-objection-pages': ObjectionPages;
  }
}
