import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { agendaPhotoUrl } from '../data/meetings.js';
import type { HallState } from '../data/hall.js';
import { currentItem, type HallContext } from '../hall/modes.js';
import { LocaleController, t } from '../i18n/index.js';
import { hall } from '../styles/hall.js';

/**
 * @summary Projector mode `item`: the current agenda item — its place in the agenda, its title,
 * the resident's own words when it is a topic, the convener's notes, and the topic's photos.
 * Photos keep their space while loading, so switching items never flashes an empty frame.
 */
@customElement('yishi-hall-item')
export class HallItem extends LitElement {
  static override styles = [
    hall,
    css`
      .layout {
        display: grid;
        grid-template-columns: 1fr;
        gap: 0.8em;
      }
      .layout.with-photos {
        grid-template-columns: 3fr 2fr;
      }
      .details {
        white-space: pre-line;
        max-height: 9.5em;
        overflow: hidden;
      }
      .photos {
        display: grid;
        gap: 0.4em;
        align-content: start;
      }
      img {
        width: 100%;
        max-height: 7em;
        object-fit: contain;
        background: #222;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) state!: HallState;
  @property({ attribute: false }) context!: HallContext;

  override render() {
    const current = currentItem(this.state);
    if (!current) return html`<p class="big">${t('screen.no_item')}</p>`;
    const { item, index, count } = current;
    const photos = Array.from({ length: Math.min(item.photoCount, 3) }, (_, i) =>
      agendaPhotoUrl(this.context.meetingId, item.id, i, this.context.token),
    );
    return html`<p class="kicker" data-test="hall-item-position">
        ${t('screen.item_of', { n: index + 1, total: count })}
      </p>
      <h2 class="big" data-test="hall-item-title">${item.title}</h2>
      <div class="layout ${photos.length ? 'with-photos' : ''}">
        <div>
          ${item.topicDetails ? html`<p class="details" data-test="hall-item-details">${item.topicDetails}</p>` : nothing}
          ${item.notes ? html`<p class="details muted" data-test="hall-item-notes">${item.notes}</p>` : nothing}
        </div>
        ${
          photos.length
            ? html`<div class="photos">
                ${photos.map((src, i) => html`<img src=${src} alt=${t('screen.photo_alt', { n: i + 1 })} />`)}
              </div>`
            : nothing
        }
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-hall-item': HallItem;
  }
}
