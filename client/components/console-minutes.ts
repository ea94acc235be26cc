import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { MeetingView } from '../../shared/schemas/meeting.js';
import type { HallState } from '../data/hall.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary Console panel: the way to the meeting's live minutes (`/m/<id>/minutes`), which open
 * in a tab of their own so the secretary's typing never competes with driving the hall.
 */
@customElement('yishi-console-minutes')
export class ConsoleMinutes extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) state!: HallState;
  @property({ attribute: false }) meeting!: MeetingView;
  @property({ type: Boolean }) canDrive = false;

  override render() {
    return html`<p>${t('console.minutes.hint')}</p>
      <p>
        <a href="/m/${this.meeting.id}/minutes" target="_blank" rel="noopener" data-test="console-minutes-link"
          >${t('console.minutes.open')}</a
        >
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-console-minutes': ConsoleMinutes;
  }
}
