import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** @summary Shown for an unknown address, or (reason="forbidden") a page the user's roles do not open. */
@customElement('yishi-not-found-page')
export class NotFoundPage extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  @property() reason: 'not_found' | 'forbidden' = 'not_found';

  override render() {
    return html`<h1 data-test="not-found">
        ${this.reason === 'forbidden' ? t('error.forbidden') : t('page.not_found_title')}
      </h1>
      <p>${this.reason === 'forbidden' ? t('page.forbidden_hint') : t('page.not_found')}</p>
      <p><a href="/">${t('page.back_home')}</a></p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-not-found-page': NotFoundPage;
  }
}
