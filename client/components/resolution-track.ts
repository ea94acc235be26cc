import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { RATINGS, shownState, type Rating } from '../../shared/rules/resolution.js';
import type { TrackedResolution } from '../../shared/schemas/resolution.js';
import { errorMessage } from '../data/api.js';
import { rateResolution, resolutionPhotoUrl, trackedResolutions } from '../data/resolution-tracking.js';
import { formatDate } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { resident } from '../styles/resident.js';
import { shared } from '../styles/shared.js';
import './public-timeline.js';

/** The resident rated a result: the page's own badge may have changed too. */
export class ResolutionRatedEvent extends Event {
  static readonly type = 'resolution-rated';
  constructor() {
    super(ResolutionRatedEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary On the tracking page: what became of the topic — each resolution answering it, its
 * unit, deadline, steps and result — and, once the unit reports it done, the resident's rating
 * (满意 / 基本满意 / 不满意, with an optional comment), once per report. 不满意 sends it back to be redone.
 * @event resolution-rated - ResolutionRatedEvent, after a rating was stored
 */
@customElement('yishi-resolution-track')
export class ResolutionTrack extends LitElement {
  static override styles = [
    shared,
    resident,
    css`
      .ratings {
        display: grid;
        gap: 0.5rem;
        border: 0;
        padding: 0;
        margin: 0.5rem 0;
      }
      .ratings label {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        min-height: 56px;
        padding: 0 1rem;
        border: 2px solid #c4cad0;
        border-radius: 10px;
        font-size: 1.25rem;
      }
      .ratings input {
        width: 1.5rem;
        height: 1.5rem;
      }
      .overdue {
        color: #a4000f;
        font-weight: 700;
      }
      .result {
        white-space: pre-wrap;
      }
      .photos img {
        width: 9rem;
        height: 9rem;
        object-fit: cover;
        border-radius: 8px;
        margin: 0 0.5rem 0.5rem 0;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property() receipt = '';
  @state() private items: TrackedResolution[] = [];
  @state() private error = '';
  @state() private thanks = '';
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** Called by the page's refresh button too. */
  async load(): Promise<void> {
    try {
      this.items = await trackedResolutions(this.receipt);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async rate(e: SubmitEvent, r: TrackedResolution): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const rating = data.get('rating') as Rating | null;
    if (!rating) {
      this.error = t('resident.rating.choose');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      this.items = await rateResolution(this.receipt, r.id, rating, String(data.get('comment') ?? ''));
      this.dispatchEvent(new ResolutionRatedEvent());
      this.thanks = t(rating === 'dissatisfied' ? 'resident.rating.reopened' : 'resident.rating.thanks');
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private form(r: TrackedResolution) {
    return html`<form class="card" @submit=${(e: SubmitEvent) => this.rate(e, r)} data-test="rating-form">
      <fieldset class="ratings">
        <legend>${t('resident.rating.question')}</legend>
        ${RATINGS.map(
          (value) =>
            html`<label
              ><input type="radio" name="rating" value=${value} data-test="rating-${value}" />
              ${t(`resolution.rating.${value}`)}</label
            >`,
        )}
      </fieldset>
      <label for="comment-${r.id}">${t('resident.rating.comment')}</label>
      <textarea id="comment-${r.id}" name="comment" maxlength="500" rows="3" data-test="rating-comment"></textarea>
      <button type="submit" class="primary" ?disabled=${this.busy} data-test="rating-submit">
        ${t('resident.rating.submit')}
      </button>
    </form>`;
  }

  private item(r: TrackedResolution) {
    return html`<section class="card" data-test="resolution" data-state=${r.state}>
      <p>
        <span class="status" data-test="resolution-state"
          >${t(`resolution.state.${shownState(r.state, r.rating)}`)}</span
        >
        ${
          r.deadlineStatus === 'overdue'
            ? html`<span class="overdue">${t('resolution.deadline_status.overdue')}</span>`
            : nothing
        }
      </p>
      <p>${r.text}</p>
      <dl>
        ${
          r.responsibleOrganisationName
            ? html`<dt>${t('resolution.unit')}</dt>
                <dd>${r.responsibleOrganisationName}</dd>`
            : nothing
        }
        ${
          r.deadline
            ? html`<dt>${t('resolution.deadline')}</dt>
                <dd>${formatDate(r.deadline)}</dd>`
            : nothing
        }
        ${
          r.rating
            ? html`<dt>${t('resident.rating.current')}</dt>
                <dd data-test="resolution-rating">${t(`resolution.rating.${r.rating}`)}</dd>`
            : nothing
        }
      </dl>
      ${
        r.result
          ? html`<h3>${t('resident.resolution.result')}</h3>
              <p class="result" data-test="resolution-result">${r.result}</p>`
          : nothing
      }
      ${
        r.photoCount
          ? html`<div class="photos">
              ${Array.from(
                { length: r.photoCount },
                (_, i) =>
                  html`<img
                    src=${resolutionPhotoUrl(r.id, i)}
                    alt=${t('resident.photo.alt', { n: i + 1 })}
                    loading="lazy"
                  />`,
              )}
            </div>`
          : nothing
      }
      <yishi-public-timeline
        .entries=${r.timeline.map((s) => ({
          kind: `resolution.step.${s.kind}`,
          at: s.at,
          note: s.note,
          detail: null,
        }))}
      ></yishi-public-timeline>
      ${r.canRate ? this.form(r) : nothing}
    </section>`;
  }

  override render() {
    if (!this.items.length && !this.error) return nothing;
    return html`<h2>${t('resident.resolution.heading')}</h2>
      <div role="alert" class="error">${this.error}</div>
      <p role="status" data-test="rating-thanks">${this.thanks}</p>
      ${this.items.map((r) => this.item(r))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-resolution-track': ResolutionTrack;
  }
}
