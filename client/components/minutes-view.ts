import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import './minutes-editor.js';

/**
 * @summary The live minutes, read-only, for the projector and participants' phones: large type,
 * no toolbar, scrolled to the agenda item under discussion. Import it lazily
 * (`import('../components/minutes-view.js')`) so pages without minutes carry no Yjs.
 * Give it `meetingId` and one of: a staff session (nothing to pass), `screenToken` (the projector)
 * or `inviteToken` (a checked-in participant). `currentItemId` follows the meeting.
 */
@customElement('yishi-minutes-view')
export class MinutesView extends LitElement {
  static override styles = css`
    :host {
      display: block;
      height: 100%;
    }
  `;

  @property({ type: Number, attribute: 'meeting-id' }) meetingId = 0;
  @property({ attribute: 'screen-token' }) screenToken = '';
  @property({ attribute: 'invite-token' }) inviteToken = '';
  @property({ type: Number, attribute: 'current-item-id' }) currentItemId: number | null = null;
  /** 'large' (default) for a projector page; 'stage' inside the projector's minutes mode; 'normal' for a phone. */
  @property() size: 'normal' | 'large' | 'stage' = 'large';

  override render() {
    return html`<yishi-minutes-editor
      readonly
      .meetingId=${this.meetingId}
      .screenToken=${this.screenToken}
      .inviteToken=${this.inviteToken}
      .followItemId=${this.currentItemId}
      .size=${this.size}
    ></yishi-minutes-editor>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-minutes-view': MinutesView;
  }
}
