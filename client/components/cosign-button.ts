import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PublicTopic } from '../../shared/schemas/intake.js';
import { errorMessage } from '../data/api.js';
import { cosign } from '../data/intake.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary One-tap co-sign (附议) of a public topic, then the new count. Once per device (and per
 * phone number when the resident gave one); a second tap says they already did. That is support
 * only: a second action checks the co-sign against the village register by a text-message code,
 * which is what counts toward a demand for a villagers' assembly.
 */
@customElement('yishi-cosign-button')
export class CosignButton extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) topic!: PublicTopic;
  /** The resident's mobile number, when they typed a valid one: co-signs then count once per number too. */
  @property() phone = '';
  @state() private busy = false;
  @state() private done: { count: number; already: boolean } | null = null;
  @state() private error = '';
  /** The register check, loaded on demand (it carries its own messages). */
  @state() private verifying = false;

  private async openVerify(): Promise<void> {
    this.error = '';
    try {
      await import('./cosign-verify.js');
      this.verifying = true;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private verified(e: CustomEvent<{ cosignCount: number }>): void {
    this.done = { count: e.detail.cosignCount, already: false };
  }

  private renderVerify() {
    if (this.verifying) {
      return html`<yishi-cosign-verify
        .topicId=${this.topic.id}
        .phone=${this.phone}
        @cosign-verified=${this.verified}
      ></yishi-cosign-verify>`;
    }
    return html`<button type="button" class="secondary" data-test="cosign-verify-open" @click=${this.openVerify}>
      ${t('resident.cosign.verify')}
    </button>`;
  }

  private async sign(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      const r = await cosign(this.topic.id, this.phone || undefined);
      this.done = { count: r.cosignCount, already: r.alreadyCosigned };
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (this.done) {
      return html`<p role="status" data-test="cosigned">
          ${t(this.done.already ? 'resident.cosign.already' : 'resident.cosign.done', { count: this.done.count })}
        </p>
        ${this.verifying ? this.renderVerify() : nothing}`;
    }
    return html`<button
        type="button"
        ?disabled=${this.busy}
        aria-label=${t('resident.cosign.label', { title: this.topic.title })}
        data-test="cosign"
        @click=${this.sign}
      >
        ${t('resident.cosign.button')}
      </button>
      ${this.renderVerify()}
      <p role="alert" class="error">${this.error}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-cosign-button': CosignButton;
  }
}
