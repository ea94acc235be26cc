import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { StaffTopicSummary } from '../../shared/schemas/intake.js';
import { errorMessage } from '../data/api.js';
import { mergeCandidates } from '../data/review.js';
import { ActionSubmitEvent } from '../forms/action-event.js';
import { formatDate } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary Merge a duplicate into another topic of the same village: the most alike open or
 * accepted topics are offered first, or search for one. Co-signs and the submitter carry over.
 * @event action-submit - ActionSubmitEvent<{ intoTopicId: number; title: string }>
 */
@customElement('yishi-merge-form')
export class MergeForm extends LitElement {
  static override styles = [
    shared,
    css`
      fieldset {
        border: 1px solid #c4cad0;
        border-radius: 8px;
        margin: 0.75rem 0;
      }
      .choice {
        display: flex;
        gap: 0.75rem;
        align-items: flex-start;
        min-height: 48px;
        font-weight: 400;
        margin: 0.25rem 0;
      }
      .choice input {
        width: 24px;
        height: 24px;
        min-height: 0;
        flex: none;
        margin-top: 0.2rem;
      }
      .search input {
        flex: 1 1 12rem;
        width: auto;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ type: Number }) topicId = 0;
  @property({ type: Boolean }) busy = false;
  @state() private candidates: StaffTopicSummary[] | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.search('');
  }

  private async search(q: string): Promise<void> {
    this.error = '';
    try {
      this.candidates = await mergeCandidates(this.topicId, q || undefined);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private onSearch(e: Event): void {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#merge-q');
    void this.search(input?.value.trim() ?? '');
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const id = Number(new FormData(e.target as HTMLFormElement).get('into'));
    const target = this.candidates?.find((c) => c.id === id);
    if (!target) {
      this.error = t('review.merge.choose');
      return;
    }
    this.dispatchEvent(new ActionSubmitEvent({ intoTopicId: target.id, title: target.title }));
  }

  override render() {
    return html`<div class="row search">
        <label class="visually-hidden" for="merge-q">${t('review.merge.search')}</label>
        <input
          id="merge-q"
          type="search"
          maxlength="60"
          placeholder=${t('review.merge.search')}
          data-test="merge-search"
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.onSearch(e)}
        />
        <button type="button" class="secondary" @click=${this.onSearch}>${t('review.filter.apply')}</button>
      </div>
      <form novalidate @submit=${this.submit} data-test="merge-form">
        <fieldset>
          <legend>${t('review.merge.into')}</legend>
          ${
            this.candidates === null
              ? html`<p role="status">${t('app.loading')}</p>`
              : this.candidates.length
                ? this.candidates.map(
                    (c) =>
                      html`<label class="choice">
                        <input type="radio" name="into" value=${c.id} data-test="merge-candidate" />
                        <span>
                          <strong>${c.title}</strong><br />
                          <span class="muted">
                            ${t(`topic.status.${c.status}`)} · ${formatDate(c.submittedAt)} · ${c.receipt}
                          </span>
                        </span>
                      </label>`,
                  )
                : html`<p>${t('review.merge.none')}</p>`
          }
        </fieldset>
        <p role="alert" class="error">${this.error}</p>
        <button
          type="submit"
          class="danger"
          ?disabled=${this.busy || !this.candidates?.length}
          data-test="merge-submit"
        >
          ${t('review.action.merge')}
        </button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-merge-form': MergeForm;
  }
}
