import { LitElement, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { formatReceipt } from '../../shared/rules/intake.js';
import { keptReceipts } from '../data/drafts.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resident } from '../styles/resident.js';

/**
 * @summary "我提交过的议题": the receipts this phone submitted, each linking to its tracking page,
 * so a resident who lost the note with the code can still follow their topics.
 */
@customElement('yishi-kept-receipts')
export class KeptReceipts extends LitElement {
  static override styles = [shared, resident];
  private readonly i18n = new LocaleController(this);

  override render() {
    const list = keptReceipts();
    if (!list.length) return nothing;
    return html`<section aria-labelledby="kept" data-test="kept-receipts">
      <h2 id="kept">${t('resident.kept.heading')}</h2>
      <ul>
        ${list.map(
          (r) =>
            html`<li>
              <a href="/t/${r.receipt}">${r.title}</a>
              <span class="hint">${t('resident.kept.receipt', { receipt: formatReceipt(r.receipt) })}</span>
            </li>`,
        )}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-kept-receipts': KeptReceipts;
  }
}
