import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PublicTimeline } from '../../shared/schemas/procedure.js';
import { formatDate } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';

/**
 * @summary One major matter's 四议两公开 timeline: the four stages with their dates and outcomes,
 * then the two publications with their display periods (China time). Public data only: no
 * names, no phones, objections as counts. Used on the public board and on staff pages; given
 * `objectUrl` (the board gives the residents' objection form), a matter on display offers
 * "提出异议", and the link is gone once no publication of it is on display.
 */
@customElement('yishi-procedure-timeline')
export class ProcedureTimeline extends LitElement {
  static override styles = css`
    :host {
      display: block;
      margin-bottom: 1rem;
    }
    ol {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      list-style: none;
      padding: 0;
      margin: 0.25rem 0;
    }
    li {
      border: 1px solid #c4cad0;
      border-radius: 4px;
      padding: 0.25rem 0.5rem;
      min-width: 6rem;
    }
    li[data-outcome='passed'],
    li[data-status='ended'] {
      background: #e8f5e9;
    }
    li[data-outcome='failed'],
    li[data-status='withdrawn'] {
      background: #fdecea;
    }
    li[data-status='on_display'] {
      background: #fff8e1;
    }
    .when {
      display: block;
      font-size: 0.85em;
    }
    a.object {
      display: inline-block;
      padding: 0.6rem 1.2rem;
      min-height: 44px;
      box-sizing: border-box;
      border-radius: 6px;
      background: #8c1c13;
      color: #fff;
      font-weight: 700;
      text-decoration: none;
    }
    @media print {
      a.object {
        display: none;
      }
    }
  `;
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) timeline: PublicTimeline | null = null;
  @property({ attribute: false }) objectUrl: string | null = null;

  override render() {
    const p = this.timeline;
    if (!p) return nothing;
    return html`<h3>${p.title} <small>${t(`procedure.kind.${p.kind}`)} · ${t(`procedure.state.${p.state}`)}</small></h3>
      <ol aria-label=${t('procedure.stages')} data-test="timeline-stages">
        ${p.stages.map(
          (s) =>
            html`<li data-stage=${s.stage} data-outcome=${s.outcome}>
              <strong>${t(`procedure.stage.${s.stage}`)}</strong>
              <span class="when"
                >${s.decidedAt ? formatDate(s.decidedAt) : ''} ${t(`procedure.attempt.${s.outcome}`)}</span
              >
            </li>`,
        )}
      </ol>
      <ol aria-label=${t('procedure.publications')} data-test="timeline-publications">
        ${p.publications.map(
          (x) =>
            html`<li data-kind=${x.kind} data-status=${x.status}>
              <strong>${t(`procedure.publication.${x.kind}`)}</strong>
              <span class="when"
                >${t('procedure.publication.period', { days: x.days, from: formatDate(x.startsAt), to: formatDate(x.endsAt) })}
                · ${t(`procedure.publication.${x.status}`)}</span
              >
            </li>`,
        )}
      </ol>
      ${
        this.objectUrl && p.publications.some((x) => x.status === 'on_display')
          ? html`<p>
              <a class="object" data-test="object" href=${this.objectUrl}>${t('procedure.resident.object')}</a>
            </p>`
          : nothing
      }
      ${
        p.objections.raised
          ? html`<p>
              ${t('procedure.board.objections', { raised: p.objections.raised, answered: p.objections.answered })}
            </p>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-procedure-timeline': ProcedureTimeline;
  }
}
