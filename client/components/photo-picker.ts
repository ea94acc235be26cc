import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { MAX_PHOTOS } from '../../shared/rules/intake.js';
import { downscale, toDataUrl } from '../forms/downscale.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resident } from '../styles/resident.js';

/** The photos changed: `photos` are downscaled JPEGs as data URLs, in order. */
export class PhotosChangeEvent extends Event {
  static readonly type = 'photos-change';
  constructor(readonly photos: string[]) {
    super(PhotosChangeEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary Up to three photos: a large "add photo" button (camera or album), thumbnails each with
 * a remove button. Each picture is downscaled in the browser before anything is kept or sent.
 * @event photos-change - PhotosChangeEvent
 */
@customElement('yishi-photo-picker')
export class PhotoPicker extends LitElement {
  static override styles = [
    shared,
    resident,
    css`
      ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        list-style: none;
        padding: 0;
        margin: 0.5rem 0;
      }
      li {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
        width: 7.5rem;
      }
      img {
        width: 7.5rem;
        height: 7.5rem;
        object-fit: cover;
        border-radius: 8px;
        border: 1px solid #c4cad0;
      }
      input[type='file'] {
        position: absolute;
        opacity: 0;
        width: 1px;
        height: 1px;
      }
      label.add {
        display: inline-flex;
        align-items: center;
        min-height: 48px;
        padding: 0.4rem 1rem;
        border: 2px dashed #0b57a4;
        border-radius: 8px;
        color: #0b57a4;
        background: #fff;
        font-weight: 600;
        cursor: pointer;
        margin: 0;
      }
      input[type='file']:focus-visible + label.add {
        outline: 3px solid #b35c00;
        outline-offset: 2px;
      }
    `,
  ];

  private readonly i18n = new LocaleController(this);
  /** The current photos (data URLs). */
  @property({ attribute: false }) photos: string[] = [];
  @property({ type: Boolean }) disabled = false;
  @state() private working = false;
  @state() private error = '';

  private async add(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const files = Array.from(input.files ?? []).slice(0, MAX_PHOTOS - this.photos.length);
    input.value = '';
    if (!files.length) return;
    this.working = true;
    this.error = '';
    const added: string[] = [];
    for (const file of files) {
      try {
        added.push(await toDataUrl(await downscale(file)));
      } catch {
        this.error = t('resident.photo.unreadable');
      }
    }
    this.working = false;
    if (added.length) this.dispatchEvent(new PhotosChangeEvent([...this.photos, ...added]));
  }

  private removePhoto(index: number): void {
    this.dispatchEvent(new PhotosChangeEvent(this.photos.filter((_, i) => i !== index)));
  }

  override render() {
    const full = this.photos.length >= MAX_PHOTOS;
    return html`<ul data-test="photo-list">
        ${this.photos.map(
          (src, i) =>
            html`<li>
              <img src=${src} alt=${t('resident.photo.alt', { n: i + 1 })} />
              <button
                type="button"
                class="secondary"
                ?disabled=${this.disabled}
                aria-label=${t('resident.photo.remove_label', { n: i + 1 })}
                data-test="photo-remove"
                @click=${() => this.removePhoto(i)}
              >
                ${t('resident.photo.remove')}
              </button>
            </li>`,
        )}
      </ul>
      ${
        full
          ? html`<p class="hint">${t('resident.photo.full', { max: MAX_PHOTOS })}</p>`
          : html`<input
                id="photo-input"
                type="file"
                accept="image/*"
                multiple
                ?disabled=${this.disabled || this.working}
                data-test="photo-input"
                @change=${this.add}
              /><label class="add" for="photo-input">${t('resident.photo.add')}</label>`
      }
      <div role="status" class="hint">${this.working ? t('resident.photo.working') : ''}</div>
      <p role="alert" class="error">${this.error}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-photo-picker': PhotoPicker;
  }
  interface HTMLElementEventMap {
    'photos-change': PhotosChangeEvent;
  }
}
