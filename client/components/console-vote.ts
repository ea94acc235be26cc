import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { MeetingView } from '../../shared/schemas/meeting.js';
import type { HallState } from '../data/hall.js';
import { LocaleController, t } from '../i18n/index.js';
import './motion-controls.js';

/**
 * @summary Console panel: the motions of the current agenda item — create, open (with an optional
 * countdown), close, annul with a reason, enter a show of hands, or record a consensus. Shown to
 * those who drive the hall; the server checks every command again.
 */
@customElement('yishi-console-vote')
export class ConsoleVote extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) state!: HallState;
  @property({ attribute: false }) meeting!: MeetingView;
  @property({ type: Boolean }) canDrive = false;

  override render() {
    if (!this.canDrive) return html`<p class="muted">${t('console.vote.read_only')}</p>`;
    return html`<yishi-motion-controls
      .meetingId=${this.meeting.id}
      .agendaItemId=${this.state.currentItemId}
      .items=${this.state.agenda}
    ></yishi-motion-controls>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-console-vote': ConsoleVote;
  }
}
