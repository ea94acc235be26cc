import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { TIMER_MAX_MINUTES } from '../../shared/rules/meeting.js';
import { t } from '../i18n/index.js';
import { ConsolePanel } from './console-panel.js';
import './hall-timer.js';

/** @summary Console panel: the speaker countdown — set minutes, start, stop — as the projector shows it. */
@customElement('yishi-console-timer')
export class ConsoleTimer extends ConsolePanel {
  @state() private minutes = 3;

  private start(e: SubmitEvent): void {
    e.preventDefault();
    const minutes = Math.round(this.minutes);
    if (!(minutes >= 1 && minutes <= TIMER_MAX_MINUTES)) {
      this.error = t('field.too_big', { max: TIMER_MAX_MINUTES });
      return;
    }
    void this.drive({ action: 'timer', seconds: minutes * 60 });
  }

  override render() {
    const off = !this.drivable || this.busy;
    return html`<form class="row" @submit=${this.start} novalidate>
        <label for="minutes">${t('console.timer_minutes')}</label>
        <input
          id="minutes"
          type="number"
          min="1"
          max=${TIMER_MAX_MINUTES}
          step="1"
          inputmode="numeric"
          .value=${String(this.minutes)}
          @input=${(e: InputEvent) => (this.minutes = Number((e.target as HTMLInputElement).value))}
          data-test="console-timer-minutes"
        />
        <button type="submit" ?disabled=${off} data-test="console-timer-start">${t('console.timer_start')}</button>
        <button
          type="button"
          class="secondary"
          ?disabled=${off || !this.state.timerEndsAt}
          data-test="console-timer-stop"
          @click=${() => this.drive({ action: 'timer', seconds: 0 })}
        >
          ${t('console.timer_stop')}
        </button>
      </form>
      <p>
        <yishi-hall-timer
          .endsAt=${this.state.timerEndsAt}
          .clockOffsetMs=${this.state.clockOffsetMs}
        ></yishi-hall-timer>
      </p>
      <div role="alert" class="error">${this.error}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-console-timer': ConsoleTimer;
  }
}
