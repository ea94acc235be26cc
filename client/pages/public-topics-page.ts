import '../resident/page-messages.js';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { IntakeInfo, PublicTopic } from '../../shared/schemas/intake.js';
import { errorMessage } from '../data/api.js';
import { getIntake, publicTopics } from '../data/intake.js';
import { formatDate } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resident } from '../styles/resident.js';
import '../components/cosign-button.js';

/**
 * @summary /p/<code>/topics: the topics the village accepted, most co-signed first, each with
 * one-tap co-sign (附议). No submitter is ever shown.
 */
@customElement('yishi-public-topics-page')
export class PublicTopicsPage extends LitElement {
  static override styles = [
    shared,
    resident,
    css`
      li.card h2 {
        margin: 0 0 0.25rem;
        font-size: 1.2rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property() code = '';
  @state() private info: IntakeInfo | null = null;
  @state() private items: PublicTopic[] | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      [this.info, this.items] = await Promise.all([getIntake(this.code), publicTopics(this.code)]);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  override render() {
    return html`<h1>
        ${this.info ? t('resident.topics.heading', { organisation: this.info.organisationName }) : t('resident.title.topics')}
      </h1>
      <p>${t('resident.topics.intro')}</p>
      <div role="alert" class="error">${this.error}</div>
      ${this.error ? html`<button type="button" @click=${() => this.load()}>${t('resident.retry')}</button>` : nothing}
      ${
        this.items === null
          ? this.error
            ? nothing
            : html`<p role="status">${t('resident.loading')}</p>`
          : this.items.length
            ? html`<ul class="plain" data-test="public-topics">
                ${this.items.map(
                  (topic) =>
                    html`<li class="card" data-test="public-topic">
                      <h2>${topic.title}</h2>
                      <p class="hint">
                        ${topic.category} · ${formatDate(topic.submittedAt)} ·
                        ${t('resident.cosign.count', { count: topic.cosignCount })}
                      </p>
                      <yishi-cosign-button .topic=${topic}></yishi-cosign-button>
                    </li>`,
                )}
              </ul>`
            : html`<p>${t('resident.topics.none')}</p>`
      }
      <p><a href="/p/${this.code}">${t('resident.topics.propose')}</a></p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-public-topics-page': PublicTopicsPage;
  }
}
