import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatReceipt } from '../../shared/rules/intake.js';
import type { VisitView } from '../../shared/schemas/reception.js';
import type { ReferralTargets } from '../../shared/schemas/review.js';
import { ActionSubmitEvent } from '../forms/action-event.js';
import { formatTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { ReferChoice } from './refer-form.js';
import './refer-form.js';

export type VisitAction = { kind: 'topic' } | { kind: 'refer'; choice: ReferChoice };

/**
 * @summary One visit record at the desk, and what it became: one click makes it an accepted topic
 * owned by the representative, or it is referred straight to a department or person. The
 * receipt code is then shown to hand to the visitor.
 * @event action-submit - ActionSubmitEvent<VisitAction>
 * @event refer-open - the refer form opened (the page loads the targets)
 */
@customElement('yishi-visit-card')
export class VisitCard extends LitElement {
  static override styles = [
    shared,
    css`
      .matter {
        white-space: pre-wrap;
        font-weight: 600;
      }
      .receipt {
        font-size: 1.4rem;
        font-weight: 700;
        letter-spacing: 0.1em;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) visit!: VisitView;
  /** Set by the page once the visit became a topic in this session. */
  @property() receipt = '';
  @property({ attribute: false }) targets: ReferralTargets | null = null;
  @property({ type: Boolean }) busy = false;
  @state() private referring = false;

  override render() {
    const v = this.visit;
    return html`<article class="card" data-test="visit" data-id=${v.id}>
      <p class="muted">
        ${formatTime(v.createdAt)}${v.ticketNumber ? ` · ${t('desk.visit.number', { number: v.ticketNumber })}` : ''} ·
        ${v.category} · ${v.representativeName}
      </p>
      <p class="matter">${v.matter}</p>
      ${v.answer ? html`<p>${t('desk.visit.answered', { answer: v.answer })}</p>` : nothing}
      ${
        v.visitorName || v.visitorPhone
          ? html`<p class="muted">${[v.visitorName, v.visitorPhone].filter(Boolean).join(' · ')}</p>`
          : nothing
      }
      ${v.followUp ? html`<p><strong>${t('desk.visit.needs_follow_up')}</strong></p>` : nothing}
      ${
        this.receipt
          ? html`<p role="status" data-test="visit-receipt">
              ${t('desk.visit.receipt_hint')} <span class="receipt">${formatReceipt(this.receipt)}</span>
            </p>`
          : v.topicId
            ? html`<p data-test="visit-converted">${t('desk.visit.converted')}</p>`
            : html`<div class="row">
                  <button
                    ?disabled=${this.busy}
                    data-test="visit-to-topic"
                    @click=${() => this.dispatchEvent(new ActionSubmitEvent<VisitAction>({ kind: 'topic' }))}
                  >
                    ${t('desk.visit.to_topic')}
                  </button>
                  <button
                    class="secondary"
                    aria-expanded=${this.referring ? 'true' : 'false'}
                    data-test="visit-refer"
                    @click=${() => {
                      this.referring = !this.referring;
                      if (this.referring)
                        this.dispatchEvent(new Event('refer-open', { bubbles: true, composed: true }));
                    }}
                  >
                    ${t('desk.visit.refer')}
                  </button>
                </div>
                ${
                  this.referring
                    ? html`<yishi-refer-form
                        .targets=${this.targets}
                        ?busy=${this.busy}
                        @action-submit=${(e: ActionSubmitEvent) => {
                          e.stopPropagation();
                          this.dispatchEvent(
                            new ActionSubmitEvent<VisitAction>({ kind: 'refer', choice: e.body as ReferChoice }),
                          );
                        }}
                      ></yishi-refer-form>`
                    : nothing
                }`
      }
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-visit-card': VisitCard;
  }
}
