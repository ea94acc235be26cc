import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatReceipt } from '../../shared/rules/intake.js';
import type { SubmitTopicResult } from '../../shared/schemas/intake.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resident } from '../styles/resident.js';

/**
 * @summary The receipt after submitting: the receipt code in large type (grouped for reading
 * aloud), what to do with it, the tracking link, and the way to co-sign others' topics.
 * @event new-topic - the resident wants to propose another topic
 */
@customElement('yishi-receipt-card')
export class ReceiptCard extends LitElement {
  static override styles = [
    shared,
    resident,
    css`
      .card {
        text-align: center;
      }
      .url {
        word-break: break-all;
      }
      a.button {
        display: flex;
        align-items: center;
        justify-content: center;
        min-height: 56px;
        border-radius: 8px;
        background: #0b57a4;
        color: #fff;
        font-weight: 700;
        text-decoration: none;
        margin: 1rem 0 0.5rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) result!: SubmitTopicResult;
  @property() code = '';

  override render() {
    const r = this.result;
    return html`<div class="card" data-test="receipt">
      <p class="notice ok">${t('resident.receipt.thanks')}</p>
      <p>${t('resident.receipt.your_code')}</p>
      <p class="big-code" data-test="receipt-code" data-receipt=${r.receipt}>${formatReceipt(r.receipt)}</p>
      <p>${t('resident.receipt.keep_it')}</p>
      <a class="button" href="/t/${r.receipt}" data-test="track-link">${t('resident.receipt.track')}</a>
      <p class="hint url">${r.trackUrl}</p>
      <p><a href="/p/${this.code}/topics">${t('resident.receipt.others')}</a></p>
      <button type="button" class="secondary" @click=${() => this.dispatchEvent(new Event('new-topic'))}>
        ${t('resident.receipt.another')}
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-receipt-card': ReceiptCard;
  }
}
