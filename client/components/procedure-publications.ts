import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatReceipt } from '../../shared/rules/intake.js';
import type { ProcedureDetail } from '../../shared/schemas/procedure.js';
import { errorMessage } from '../data/api.js';
import { answerObjection } from '../data/procedures.js';
import { formatDate, formatDateTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary A major matter's two publications (两公开) with their periods and status, and its
 * objections (异议) on its staff page: each objection with the publication it was raised against, its status (awaiting or answered), the receipt the resident follows it by,
 * the author's name and phone when given (the server sends the phone only to those who carry the
 * matter), and the answer, or a form to answer it for those who may.
 *
 * @event procedure-answered - the objection was answered; `detail` is the matter as it now stands.
 */
@customElement('yishi-procedure-publications')
export class ProcedurePublications extends LitElement {
  static override styles = [
    shared,
    css`
      ul {
        list-style: none;
        padding: 0;
      }
      li {
        border-bottom: 1px solid #c4cad0;
        padding: 0.5rem 0;
      }
      .status {
        display: inline-block;
        border-radius: 999px;
        padding: 0 0.6rem;
        font-weight: 700;
        background: #fff4ce;
        color: #4a3b00;
      }
      .status[data-status='answered'] {
        background: #e6f4ea;
        color: #0d4a1f;
      }
      .text {
        white-space: pre-wrap;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) procedure: ProcedureDetail | null = null;
  @state() private error = '';

  private async answer(e: SubmitEvent, objectionId: number): Promise<void> {
    e.preventDefault();
    const p = this.procedure;
    if (!p) return;
    const answer = String(new FormData(e.target as HTMLFormElement).get('answer') ?? '');
    try {
      const updated = await answerObjection(p.id, objectionId, answer);
      this.error = '';
      this.dispatchEvent(new CustomEvent('procedure-answered', { detail: updated, bubbles: true, composed: true }));
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  override render() {
    const p = this.procedure;
    if (!p) return nothing;
    const canAnswer = p.actions.includes('answer');
    return html`<h2>${t('procedure.publications')}</h2>
      <ul>
        ${p.publications.map(
          (x) =>
            html`<li data-test="publication" data-kind=${x.kind} data-status=${x.status}>
              ${t(`procedure.publication.${x.kind}`)} ·
              ${t('procedure.publication.period', { days: x.days, from: formatDate(x.startsAt), to: formatDate(x.endsAt) })}
              · ${t(`procedure.publication.${x.status}`)}
            </li>`,
        )}
      </ul>
      <h2>${t('procedure.objections')}</h2>
      ${p.objections.length ? nothing : html`<p>${t('procedure.no_objections')}</p>`}
      <div role="alert" class="error">${this.error}</div>
      <ul>
        ${p.objections.map(
          (o) =>
            html`<li data-test="objection" data-id=${o.id} data-status=${o.status}>
              <span class="status" data-status=${o.status}>${t(`procedure.objection.${o.status}`)}</span>
              ${t(`procedure.publication.${o.publicationKind}`)} · ${formatDateTime(o.createdAt)} ·
              ${t('procedure.objection.receipt', { receipt: formatReceipt(o.receipt) })}
              ${o.name || o.phone ? html`· ${o.name ?? ''} ${o.phone ?? ''}` : nothing}
              <div class="text" data-test="objection-text">${o.text}</div>
              ${
                o.answer
                  ? html`<div data-test="objection-answer">
                      ${t('procedure.field.answer')}：${o.answer}
                      ${o.answeredAt ? html`（${formatDateTime(o.answeredAt)}）` : nothing}
                    </div>`
                  : canAnswer
                    ? html`<form data-test="answer-form" @submit=${(e: SubmitEvent) => this.answer(e, o.id)}>
                        <textarea
                          name="answer"
                          required
                          minlength="2"
                          maxlength="1000"
                          aria-label=${t('procedure.field.answer')}
                        ></textarea>
                        <button type="submit">${t('procedure.action.answer')}</button>
                      </form>`
                    : nothing
              }
            </li>`,
        )}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-procedure-publications': ProcedurePublications;
  }
}
