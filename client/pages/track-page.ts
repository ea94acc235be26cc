import '../resident/page-messages.js';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatReceipt } from '../../shared/rules/intake.js';
import type { TrackView } from '../../shared/schemas/intake.js';
import { track, trackPhotoUrl } from '../data/intake.js';
import { ReceiptLookup } from '../data/receipt-lookup.js';
import { boardPath } from '../data/resolution-tracking.js';
import { formatDateTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resident } from '../styles/resident.js';
import '../components/kept-receipts.js';
import '../components/public-timeline.js';
import '../components/resolution-track.js';

/**
 * @summary /t/<receipt>: where a resident's topic stands — status, the public timeline with
 * replies, where it was referred or merged, the meeting it went to. Shows nobody's name or
 * phone (the API has none to give). /t/ alone asks for a receipt code.
 */
@customElement('yishi-track-page')
export class TrackPage extends LitElement {
  static override styles = [
    shared,
    resident,
    css`
      .photos {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .photos img {
        width: 9rem;
        height: 9rem;
        object-fit: cover;
        border-radius: 8px;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0.5rem 0 0;
      }
      dt {
        color: #4a545e;
      }
      dd {
        margin: 0;
      }
      .details {
        white-space: pre-wrap;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property() receipt = '';
  private readonly lookup = new ReceiptLookup<TrackView>(this, {
    fetch: track,
    path: '/t/',
    tooShort: () => t('resident.track.enter_code'),
  });

  private refresh(): void {
    void this.lookup.load();
    void this.renderRoot.querySelector('yishi-resolution-track')?.load();
  }

  private lookupForm() {
    return html`<form class="card" novalidate @submit=${this.lookup.submit} data-test="track-lookup">
      <label for="receipt">${t('resident.track.code_label')}</label>
      <input id="receipt" name="receipt" autocomplete="off" autocapitalize="characters" maxlength="12" required />
      <button type="submit" class="primary">${t('resident.track.look_up')}</button>
    </form>`;
  }

  private topic(v: TrackView) {
    return html`<section class="card" aria-labelledby="topic-title" data-test="track-view">
        <p>
          <span class="status" data-status=${v.progress ?? v.status} data-test="track-status"
            >${v.progress ? t(`resident.progress.${v.progress}`) : t(`topic.status.${v.status}`)}</span
          >
        </p>
        <h2 id="topic-title">${v.title}</h2>
        ${v.details ? html`<p class="details">${v.details}</p>` : nothing}
        <dl>
          <dt>${t('resident.track.receipt')}</dt>
          <dd>${formatReceipt(v.receipt)}</dd>
          <dt>${t('resident.track.organisation')}</dt>
          <dd>${v.organisationName}</dd>
          <dt>${t('resident.track.category')}</dt>
          <dd>${v.category}</dd>
          <dt>${t('resident.track.submitted')}</dt>
          <dd>${formatDateTime(v.submittedAt)}</dd>
          <dt>${t('resident.track.cosigns')}</dt>
          <dd>${t('resident.cosign.count', { count: v.cosignCount })}</dd>
        </dl>
        ${
          v.photoCount
            ? html`<div class="photos">
                ${Array.from(
                  { length: v.photoCount },
                  (_, i) =>
                    html`<img
                      src=${trackPhotoUrl(v.receipt, i)}
                      alt=${t('resident.photo.alt', { n: i + 1 })}
                      loading="lazy"
                    />`,
                )}
              </div>`
            : nothing
        }
      </section>
      <section aria-labelledby="progress">
        <h2 id="progress">${t('resident.track.progress')}</h2>
        <yishi-public-timeline .entries=${v.timeline}></yishi-public-timeline>
      </section>
      <yishi-resolution-track
        receipt=${v.receipt}
        @resolution-rated=${() => void this.lookup.load()}
      ></yishi-resolution-track>
      <section>
        <button type="button" class="secondary" @click=${() => this.refresh()} data-test="track-refresh">
          ${t('resident.track.refresh')}
        </button>
      </section>
      ${
        v.boardCode
          ? html`<p><a href=${boardPath(v.boardCode)} data-test="board-link">${t('resident.board_link')}</a></p>`
          : nothing
      }`;
  }

  override render() {
    return html`<h1>${t('resident.title.track')}</h1>
      <div role="alert" class="error" data-test="track-error">${this.lookup.error}</div>
      ${this.lookup.loading && !this.lookup.view ? html`<p role="status">${t('resident.loading')}</p>` : nothing}
      ${this.lookup.view ? this.topic(this.lookup.view) : !this.lookup.loading ? this.lookupForm() : nothing}
      <yishi-kept-receipts></yishi-kept-receipts>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-track-page': TrackPage;
  }
}
