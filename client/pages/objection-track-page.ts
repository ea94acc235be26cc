import '../resident/objection-messages.js';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatReceipt } from '../../shared/rules/intake.js';
import type { ObjectionTrack } from '../../shared/schemas/procedure.js';
import { keptObjections, trackObjection } from '../data/objections.js';
import { ReceiptLookup } from '../data/receipt-lookup.js';
import { boardPath } from '../data/resolution-tracking.js';
import { formatDateTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resident } from '../styles/resident.js';

/**
 * @summary /o/<receipt>: a resident's objection to a major matter and the village's answer —
 * the matter, which publication, their own text, whether it has been answered and the answer.
 * Nobody's name or phone (the API has none to give). /o/ alone asks for the receipt code and
 * lists the objections this phone sent.
 */
@customElement('yishi-objection-track-page')
export class ObjectionTrackPage extends LitElement {
  static override styles = [
    shared,
    resident,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0.5rem 0 0;
      }
      dt {
        color: #4a545e;
      }
      dd {
        margin: 0;
        white-space: pre-wrap;
      }
      .status[data-status='answered'] {
        background: #e6f4ea;
        color: #0d4a1f;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property() receipt = '';
  private readonly lookup = new ReceiptLookup<ObjectionTrack>(this, {
    fetch: trackObjection,
    path: '/o/',
    tooShort: () => t('procedure.resident.enter_code'),
  });

  private objection(v: ObjectionTrack) {
    return html`<section class="card" data-test="objection-view">
        <p>
          <span class="status" data-status=${v.status} data-test="objection-status"
            >${t(`procedure.resident.status.${v.status}`)}</span
          >
        </p>
        <dl>
          <dt>${t('procedure.resident.matter')}</dt>
          <dd>${v.procedureTitle}（${t(`procedure.publication.${v.publicationKind}`)}）</dd>
          <dt>${t('procedure.resident.code_label')}</dt>
          <dd>${formatReceipt(v.receipt)}</dd>
          <dt>${t('procedure.resident.your_objection')}</dt>
          <dd>${v.text}</dd>
          <dt>${t('procedure.resident.raised_at')}</dt>
          <dd>${formatDateTime(v.createdAt)}</dd>
          ${
            v.answer
              ? html`<dt>${t('procedure.resident.answer')}</dt>
                  <dd data-test="objection-answer">${v.answer}</dd>
                  <dt>${t('procedure.resident.answered_at')}</dt>
                  <dd>${v.answeredAt ? formatDateTime(v.answeredAt) : ''}</dd>`
              : nothing
          }
        </dl>
      </section>
      <button type="button" class="secondary" @click=${() => this.lookup.load()} data-test="objection-refresh">
        ${t('procedure.resident.refresh')}
      </button>
      ${
        v.boardCode
          ? html`<p><a href=${boardPath(v.boardCode)} data-test="board-link">${t('resident.board_link')}</a></p>`
          : nothing
      }`;
  }

  private lookupForm() {
    const kept = keptObjections();
    return html`<form class="card" novalidate @submit=${this.lookup.submit} data-test="objection-lookup">
        <label for="receipt">${t('procedure.resident.code_label')}</label>
        <input id="receipt" name="receipt" autocomplete="off" autocapitalize="characters" maxlength="12" required />
        <button type="submit" class="primary">${t('procedure.resident.look_up')}</button>
      </form>
      ${
        kept.length
          ? html`<section aria-labelledby="kept">
              <h2 id="kept">${t('procedure.resident.kept')}</h2>
              <ul>
                ${kept.map((k) => html`<li><a href="/o/${k.receipt}">${k.title}</a> ${formatReceipt(k.receipt)}</li>`)}
              </ul>
            </section>`
          : nothing
      }`;
  }

  override render() {
    return html`<h1>${t('resident.title.objection')}</h1>
      <div role="alert" class="error" data-test="objection-track-error">${this.lookup.error}</div>
      ${this.lookup.loading && !this.lookup.view ? html`<p role="status">${t('resident.loading')}</p>` : nothing}
      ${this.lookup.view ? this.objection(this.lookup.view) : !this.lookup.loading ? this.lookupForm() : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-objection-track-page': ObjectionTrackPage;
  }
}
