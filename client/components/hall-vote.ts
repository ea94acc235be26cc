import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { HallState } from '../data/hall.js';
import type { HallContext } from '../hall/modes.js';
import './vote-board.js';

/**
 * @summary Projector mode `vote`: the motion of the current agenda item — ballots cast against
 * those present while it is open, then the bars, the result and the rule sentence. Phones do not
 * use this mode: they always carry the ballot itself (client/pages/phone-page.ts).
 */
@customElement('yishi-hall-vote')
export class HallVote extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;
  @property({ attribute: false }) state!: HallState;
  @property({ attribute: false }) context!: HallContext;

  override render() {
    const { meetingId, viewer, token } = this.context;
    return html`<yishi-vote-board
      .meetingId=${meetingId}
      .screenToken=${viewer === 'screen' ? (token ?? '') : ''}
      .agendaItemId=${this.state.currentItemId}
    ></yishi-vote-board>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-hall-vote': HallVote;
  }
}
