import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { timerView } from '../hall/timer.js';
import { LocaleController, t } from '../i18n/index.js';

/**
 * @summary The speaker countdown (mm:ss), counted against the server's clock. Amber from 30
 * seconds left, flashing at zero; nothing while no timer runs. Inherits its font size.
 */
@customElement('yishi-hall-timer')
export class HallTimer extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
    }
    .timer {
      display: inline-block;
      font-variant-numeric: tabular-nums;
      font-weight: 700;
      padding: 0.05em 0.35em;
      border-radius: 0.2em;
      background: #1b1f24;
      color: #fff;
      border: 0.08em solid #fff;
    }
    .warning {
      background: #ffd54f;
      color: #000;
      border-color: #ffd54f;
    }
    .over {
      background: #c62828;
      color: #fff;
      border-color: #fff;
      animation: flash 1s steps(1, end) infinite;
    }
    /* Once a second, well under the three flashes a second that can trigger seizures. */
    @keyframes flash {
      50% {
        background: #fff;
        color: #c62828;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .over {
        animation: none;
      }
    }
  `;
  private readonly i18n = new LocaleController(this);
  @property() endsAt: string | null = null;
  @property({ type: Number }) clockOffsetMs = 0;
  @state() private now = Date.now();
  private tick: ReturnType<typeof setInterval> | null = null;

  override updated(): void {
    const running = this.endsAt !== null && timerView(this.endsAt, this.clockOffsetMs, this.now).phase !== 'over';
    if (running && !this.tick) this.tick = setInterval(() => (this.now = Date.now()), 250);
    if (!running && this.tick) {
      clearInterval(this.tick);
      this.tick = null;
    }
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('endsAt')) this.now = Date.now();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.tick) clearInterval(this.tick);
    this.tick = null;
  }

  override render() {
    const view = timerView(this.endsAt, this.clockOffsetMs, this.now);
    if (view.phase === 'idle') return nothing;
    return html`<span
      class="timer ${view.phase}"
      role="timer"
      data-test="hall-timer"
      data-phase=${view.phase}
      aria-label=${t('timer.label', { time: view.text })}
      >${view.text}</span
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-hall-timer': HallTimer;
  }
}
