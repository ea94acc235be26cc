import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ASSEMBLY_NOTICE_DAYS, shortNotice, type MeetingStatus } from '../../shared/rules/meeting.js';
import type { Body } from '../../shared/rules/quorum.js';
import type { MeetingView } from '../../shared/schemas/meeting.js';
import { confirmAction } from '../app/dialogs.js';
import { errorMessage } from '../data/api.js';
import { transitionMeeting } from '../data/meetings.js';
import { MeetingUpdatedEvent } from '../hall/modes.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** The moves offered from each status, in the order shown. */
const MOVES: Record<MeetingStatus, { to: MeetingStatus; key: string; danger?: boolean }[]> = {
  draft: [{ to: 'scheduled', key: 'publish' }],
  scheduled: [
    { to: 'live', key: 'start' },
    { to: 'draft', key: 'unpublish', danger: true },
  ],
  live: [{ to: 'closed', key: 'close', danger: true }],
  closed: [],
};

/**
 * @summary A meeting's status and the next steps of its life — publish, unpublish, start,
 * close — each confirmed first. Publishing a villagers' assembly with less than 10 days' notice
 * warns before and after (Organic Law art. 21).
 * @event meeting-updated - MeetingUpdatedEvent after a move
 */
@customElement('yishi-meeting-lifecycle')
export class MeetingLifecycle extends LitElement {
  static override styles = [
    shared,
    css`
      .status {
        font-weight: 700;
      }
      /* On the console: status and moves on one line, beside the title. */
      :host([compact]) [data-test='lifecycle'] {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem 0.75rem;
      }
      :host([compact]) p {
        margin: 0;
      }
      :host([compact]) .error:empty {
        display: none;
      }
      .warning {
        background: #fff4ce;
        color: #4a3b00;
        border-left: 6px solid #b35c00;
        padding: 0.5rem 1rem;
        margin: 0.5rem 0;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) meeting!: MeetingView;
  /** Shows the status only (staff who may not prepare the meeting). */
  @property({ type: Boolean }) readonly = false;
  /** One line, for the console's header. */
  @property({ type: Boolean, reflect: true }) compact = false;
  @state() private error = '';
  @state() private busy = false;

  private question(to: MeetingStatus): string {
    const m = this.meeting;
    if (to === 'scheduled' && shortNotice(m.body as Body, new Date(), new Date(m.startsAt)))
      return `${t('lifecycle.short_notice', { days: ASSEMBLY_NOTICE_DAYS })} ${t('lifecycle.confirm_publish')}`;
    return t(`lifecycle.confirm_${to}`);
  }

  private async move(to: MeetingStatus, label: string): Promise<void> {
    if (!(await confirmAction(this.question(to), label))) return;
    this.busy = true;
    this.error = '';
    try {
      this.dispatchEvent(new MeetingUpdatedEvent(await transitionMeeting(this.meeting.id, to)));
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const m = this.meeting;
    return html`<div data-test="lifecycle">
      <p>
        ${t('lifecycle.status')}
        <span class="status" data-test="meeting-status" data-status=${m.status}
          >${t(`meeting.status.${m.status}`)}</span
        >
      </p>
      ${
        m.shortNotice
          ? html`<p class="warning" role="note" data-test="short-notice">
              ${t('lifecycle.short_notice', { days: ASSEMBLY_NOTICE_DAYS })}
            </p>`
          : nothing
      }
      <div role="alert" class="error" data-test="lifecycle-error">${this.error}</div>
      <div class="row">
        ${(this.readonly ? [] : MOVES[m.status]).map(
          ({ to, key, danger }) =>
            html`<button
              class=${danger ? 'danger' : ''}
              ?disabled=${this.busy}
              data-test="lifecycle-${key}"
              @click=${() => this.move(to, t(`lifecycle.${key}`))}
            >
              ${t(`lifecycle.${key}`)}
            </button>`,
        )}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-meeting-lifecycle': MeetingLifecycle;
  }
}
