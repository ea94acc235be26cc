import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { OwnerCandidates } from '../../shared/schemas/intake.js';
import { errorMessage } from '../data/api.js';
import { ownerCandidates } from '../data/review.js';
import { ActionSubmitEvent } from '../forms/action-event.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary Accept a topic onto the agenda list with one responsible owner (首问负责制): staff of
 * the topic's village or above, by name and role.
 * @event action-submit - ActionSubmitEvent<{ ownerId: number }>
 */
@customElement('yishi-accept-form')
export class AcceptForm extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  @property({ type: Number }) topicId = 0;
  @property({ type: Boolean }) busy = false;
  @state() private owners: OwnerCandidates['items'] | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    ownerCandidates(this.topicId).then(
      (owners) => (this.owners = owners),
      (err) => (this.error = errorMessage(err)),
    );
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const ownerId = Number(new FormData(e.target as HTMLFormElement).get('ownerId'));
    if (!ownerId) {
      this.error = t('review.accept.choose_owner');
      return;
    }
    this.error = '';
    this.dispatchEvent(new ActionSubmitEvent({ ownerId }));
  }

  override render() {
    return html`<form novalidate @submit=${this.submit} data-test="accept-form">
      <label for="owner">${t('review.accept.owner')}</label>
      <p class="muted" id="owner-hint">${t('review.accept.owner_hint')}</p>
      <select id="owner" name="ownerId" required aria-describedby="owner-hint" data-test="accept-owner">
        <option value="">${this.owners ? t('review.accept.choose_owner') : t('app.loading')}</option>
        ${(this.owners ?? []).map(
          (o) =>
            html`<option value=${o.id}>${o.displayName}（${o.roles.map((r) => t(`role.${r}`)).join('、')}）</option>`,
        )}
      </select>
      <p role="alert" class="error">${this.error}</p>
      <div class="actions">
        <button type="submit" ?disabled=${this.busy || !this.owners} data-test="accept-submit">
          ${t('review.action.accept')}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-accept-form': AcceptForm;
  }
}
