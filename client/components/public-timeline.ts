import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { TimelineEntry } from '../../shared/schemas/intake.js';
import { formatDateTime } from '../i18n/dates.js';
import { LocaleController, hasMessage, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** The label of a step; steps a newer server adds (e.g. a resolution) still read sensibly. */
export const stepLabel = (kind: string): string =>
  // A full message key (a resolution's steps arrive as `resolution.step.<kind>`).
  kind.includes('.') && hasMessage(kind)
    ? t(kind)
    : hasMessage(`topic.event.${kind}`)
      ? t(`topic.event.${kind}`)
      : hasMessage(`resident.step.${kind}`)
        ? t(`resident.step.${kind}`)
        : t('resident.step.other');

/**
 * @summary A topic's timeline, oldest first: when, what happened, the reply meant for the
 * resident, and where it went (the merged topic, the unit it was referred to, the meeting).
 * Staff see who acted (`actorName`); residents never do.
 */
@customElement('yishi-public-timeline')
export class PublicTimeline extends LitElement {
  static override styles = [
    shared,
    css`
      ol {
        list-style: none;
        padding: 0;
        margin: 0;
        border-left: 3px solid #0b57a4;
      }
      li {
        position: relative;
        padding: 0 0 1rem 1.25rem;
      }
      li::before {
        content: '';
        position: absolute;
        left: -9px;
        top: 0.45rem;
        width: 15px;
        height: 15px;
        border-radius: 50%;
        background: #0b57a4;
      }
      time {
        color: #4a545e;
        display: block;
      }
      .label {
        font-weight: 700;
      }
      blockquote {
        margin: 0.25rem 0 0;
        padding: 0.5rem 0.75rem;
        background: #fff;
        border: 1px solid #c4cad0;
        border-radius: 8px;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) entries: (TimelineEntry & { actorName?: string | null })[] = [];

  private detail(e: TimelineEntry) {
    if (!e.detail) return nothing;
    switch (e.kind) {
      case 'merged':
        return html`<p>
          ${t('resident.step.merged_into')} <a href="/t/${e.detail}" data-test="merged-into">${e.detail}</a>
        </p>`;
      case 'referred':
        return html`<p>${t('resident.step.referred_to', { unit: e.detail })}</p>`;
      case 'placed_on_agenda':
        return html`<p data-test="meeting">${t('resident.step.meeting', { meeting: e.detail })}</p>`;
      case 'received':
        return html`<p>${t('resident.step.via', { place: e.detail })}</p>`;
      case 'assembly_threshold':
        return html`<p>${t('resident.cosign.count', { count: e.detail })}</p>`;
      case 'assembly_by_representatives':
      case 'representatives_threshold':
        // "2/10": verified representatives of those seated on the register that day.
        return html`<p>${t('resident.cosign.representatives', { count: e.detail })}</p>`;
      default:
        return nothing;
    }
  }

  override render() {
    return html`<ol data-test="timeline">
      ${this.entries.map(
        (e) =>
          html`<li data-test="timeline-entry" data-kind=${e.kind}>
            <time datetime=${e.at}>${formatDateTime(e.at)}</time>
            <span class="label">${stepLabel(e.kind)}</span>
            ${e.actorName ? html`<span class="muted"> · ${e.actorName}</span>` : nothing} ${this.detail(e)}
            ${e.note ? html`<blockquote data-test="timeline-note">${e.note}</blockquote>` : nothing}
          </li>`,
      )}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-public-timeline': PublicTimeline;
  }
}
