import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { HallState } from '../data/hall.js';
import type { HallContext } from '../hall/modes.js';
import { LocaleController, t } from '../i18n/index.js';
import { hall } from '../styles/hall.js';

/**
 * @summary Screen mode `minutes` on the projector and on phones: the live minutes, read-only,
 * scrolled to the item under discussion. The minutes view (Yjs + ProseMirror, ~100 KB) is
 * imported only when this mode is first shown, so the hall pages stay light until then.
 */
@customElement('yishi-hall-minutes')
export class HallMinutes extends LitElement {
  static override styles = [
    hall,
    css`
      :host {
        display: block;
        height: 100%;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) state!: HallState;
  @property({ attribute: false }) context!: HallContext;
  @state() private loaded = customElements.get('yishi-minutes-view') !== undefined;
  @state() private failed = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.loaded)
      import('./minutes-view.js').then(
        () => (this.loaded = true),
        () => (this.failed = true),
      );
  }

  override render() {
    if (this.failed) return html`<p class="big" role="alert">${t('error.network')}</p>`;
    if (!this.loaded) return html`<p class="muted">${t('minutes.loading')}</p>`;
    const { meetingId, surface, viewer, token } = this.context;
    // The projector reads with its link token, a participant with their pass, staff with the cookie.
    const screenToken = viewer === 'screen' ? (token ?? '') : '';
    const inviteToken = viewer === 'participant' ? (token ?? '') : '';
    return html`<yishi-minutes-view
      .meetingId=${meetingId}
      .screenToken=${screenToken}
      .inviteToken=${inviteToken}
      .currentItemId=${this.state.currentItemId}
      .size=${surface === 'screen' ? 'stage' : 'normal'}
    ></yishi-minutes-view>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-hall-minutes': HallMinutes;
  }
}
