import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { HallState } from '../data/hall.js';
import { agendaPhotoUrl } from '../data/meetings.js';
import { currentItem, type HallContext } from '../hall/modes.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary A participant's phone in any mode that needs no answer from them: the item under
 * discussion (with the resident's words and photos) and the agenda with the current item
 * marked. Large type for elderly eyes.
 */
@customElement('yishi-phone-follow')
export class PhoneFollow extends LitElement {
  static override styles = [
    shared,
    css`
      .details {
        white-space: pre-line;
      }
      .photos {
        display: grid;
        gap: 0.5rem;
      }
      img {
        width: 100%;
        border-radius: 8px;
      }
      ol {
        padding-left: 1.5rem;
      }
      li[aria-current='step'] {
        font-weight: 700;
        color: #8c1c13;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) state!: HallState;
  @property({ attribute: false }) context!: HallContext;

  override render() {
    const current = currentItem(this.state);
    return html`<section class="card" aria-labelledby="now">
        <h2 id="now">${t('phone.now')}</h2>
        ${
          current
            ? html`<p class="muted">${t('screen.item_of', { n: current.index + 1, total: current.count })}</p>
                <p><strong data-test="phone-item-title">${current.item.title}</strong></p>
                ${current.item.topicDetails ? html`<p class="details">${current.item.topicDetails}</p>` : nothing}
                ${current.item.notes ? html`<p class="details muted">${current.item.notes}</p>` : nothing}
                <div class="photos">
                  ${Array.from(
                    { length: Math.min(current.item.photoCount, 3) },
                    (_, i) =>
                      html`<img
                        src=${agendaPhotoUrl(this.context.meetingId, current.item.id, i, this.context.token)}
                        alt=${t('screen.photo_alt', { n: i + 1 })}
                        loading="lazy"
                      />`,
                  )}
                </div>`
            : html`<p>${t('screen.no_item')}</p>`
        }
      </section>
      <section class="card" aria-labelledby="agenda">
        <h2 id="agenda">${t('screen.agenda')}</h2>
        ${
          this.state.agenda.length
            ? html`<ol>
                ${this.state.agenda.map(
                  (i) => html`<li aria-current=${i.id === this.state.currentItemId ? 'step' : 'false'}>${i.title}</li>`,
                )}
              </ol>`
            : html`<p>${t('screen.agenda_empty')}</p>`
        }
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-phone-follow': PhoneFollow;
  }
}
