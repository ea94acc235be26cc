import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { HallState } from '../data/hall.js';
import type { HallContext } from '../hall/modes.js';
import { LocaleController, t } from '../i18n/index.js';
import { hall } from '../styles/hall.js';

/**
 * @summary Projector mode `agenda`: the whole agenda in order, the current item marked, so the
 * hall sees where the meeting stands.
 */
@customElement('yishi-hall-agenda')
export class HallAgenda extends LitElement {
  static override styles = [
    hall,
    css`
      ol {
        padding-left: 1.6em;
        display: grid;
        gap: 0.35em;
      }
      li[aria-current='step'] {
        color: #ffd54f;
        font-weight: 700;
      }
      li[aria-current='step']::marker {
        content: '▶ ';
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) state!: HallState;
  @property({ attribute: false }) context!: HallContext;

  override render() {
    const { agenda, currentItemId } = this.state;
    return html`<h2 class="kicker">${t('screen.agenda')}</h2>
      ${
        agenda.length
          ? html`<ol data-test="hall-agenda">
              ${agenda.map((i) => html`<li aria-current=${i.id === currentItemId ? 'step' : 'false'}>${i.title}</li>`)}
            </ol>`
          : html`<p class="muted">${t('screen.agenda_empty')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-hall-agenda': HallAgenda;
  }
}
