import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { ScreenMode } from '../../shared/rules/meeting.js';
import { HALL_MODES } from '../hall/modes.js';
import { t } from '../i18n/index.js';
import { ConsolePanel } from './console-panel.js';

/** @summary Console panel: what the projector shows — one switch per screen mode (HALL_MODES). */
@customElement('yishi-console-screen')
export class ConsoleScreen extends ConsolePanel {
  static override styles = [
    ConsolePanel.styles,
    css`
      .modes {
        display: grid;
        gap: 0.5rem;
        grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr));
      }
      button[aria-pressed='true'] {
        background: #0b57a4;
        color: #fff;
      }
    `,
  ];

  override render() {
    const modes = Object.keys(HALL_MODES) as ScreenMode[];
    return html`<div class="modes" role="group" aria-label=${t('console.panel.screen')}>
        ${modes.map(
          (mode) =>
            html`<button
              class="secondary"
              aria-pressed=${this.state.screenMode === mode ? 'true' : 'false'}
              ?disabled=${!this.drivable || this.busy}
              data-test="console-mode"
              data-mode=${mode}
              @click=${() => this.drive({ action: 'screen', mode })}
            >
              ${t(`screen.mode.${mode}`)}
            </button>`,
        )}
      </div>
      <div role="alert" class="error">${this.error}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-console-screen': ConsoleScreen;
  }
}
