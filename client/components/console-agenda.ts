import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { currentItem } from '../hall/modes.js';
import { t } from '../i18n/index.js';
import { ConsolePanel } from './console-panel.js';

/** @summary Console panel: the agenda with the current item pointer, previous / next, and go to any item. */
@customElement('yishi-console-agenda')
export class ConsoleAgenda extends ConsolePanel {
  static override styles = [
    ConsolePanel.styles,
    css`
      ol {
        padding-left: 0;
        list-style: none;
        display: grid;
        gap: 0.25rem;
        margin: 0.5rem 0 0;
        /* About five items; a longer agenda scrolls here, so the console stays one screen. */
        max-height: 17rem;
        overflow-y: auto;
      }
      li {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
        border-bottom: 1px solid #c4cad0;
        padding: 0.25rem 0;
      }
      li[aria-current='step'] {
        background: #fff4ce;
      }
      .pointer {
        color: #8c1c13;
        font-weight: 700;
      }
    `,
  ];

  override render() {
    const current = currentItem(this.state);
    const off = !this.drivable || this.busy;
    return html`<div class="row">
        <button
          class="secondary"
          ?disabled=${off || !current || current.index === 0}
          data-test="console-previous"
          @click=${() => this.drive({ action: 'previous' })}
        >
          ${t('console.previous')}
        </button>
        <button
          ?disabled=${off || (current !== null && current.index === current.count - 1)}
          data-test="console-next"
          @click=${() => this.drive({ action: 'next' })}
        >
          ${t('console.next')}
        </button>
      </div>
      <div role="alert" class="error">${this.error}</div>
      <ol data-test="console-agenda">
        ${this.state.agenda.map((item, i) => {
          const here = item.id === this.state.currentItemId;
          return html`<li aria-current=${here ? 'step' : 'false'} data-test="console-item" data-current=${here}>
            <span>
              ${here ? html`<span class="pointer">▶ ${t('console.now')}</span>` : ''} ${i + 1}. ${item.title}
            </span>
            ${
              here
                ? ''
                : html`<button
                    class="secondary"
                    ?disabled=${off}
                    aria-label=${t('console.goto_label', { title: item.title })}
                    data-test="console-goto"
                    @click=${() => this.drive({ action: 'goto', itemId: item.id })}
                  >
                    ${t('console.goto')}
                  </button>`
            }
          </li>`;
        })}
      </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-console-agenda': ConsoleAgenda;
  }
}
