import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import { WEBHOOK_FORMATS, type DeliveryList } from '../../shared/schemas/resolution.js';
import { errorMessage } from '../data/api.js';
import { listOrganisations } from '../data/organisations.js';
import { retryDelivery, setWebhook, webhookOf } from '../data/resolutions.js';
import { formatDateTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary /admin/webhooks: an organisation's outgoing webhook (a WeCom or DingTalk group robot,
 * or JSON) and its recent deliveries — delivered, retrying with the next attempt's time, or
 * failed with the error — with a button to send a failed one again.
 */
@customElement('yishi-webhooks-page')
export class WebhooksPage extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  @state() private orgs: OrganisationView[] = [];
  @state() private organisationId = 0;
  @state() private data: DeliveryList | null = null;
  @state() private error = '';
  @state() private done = '';

  override connectedCallback(): void {
    super.connectedCallback();
    listOrganisations().then(
      (orgs) => {
        this.orgs = orgs.filter((o) => o.kind !== 'grid');
        const first = this.orgs.find((o) => o.kind === 'village') ?? this.orgs[0];
        if (first) void this.pick(first.id);
      },
      (err) => (this.error = errorMessage(err)),
    );
  }

  private async pick(id: number): Promise<void> {
    this.organisationId = id;
    try {
      this.data = await webhookOf(id);
      this.error = '';
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    try {
      await setWebhook(this.organisationId, {
        url: String(f.get('url')),
        format: f.get('format') as (typeof WEBHOOK_FORMATS)[number],
        enabled: f.get('enabled') === 'on',
      });
      this.done = t('webhooks.saved');
      await this.pick(this.organisationId);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  override render() {
    const hook = this.data?.webhook;
    return html`<h1>${t('webhooks.title')}</h1>
      <label for="org">${t('webhooks.organisation')}</label>
      <select id="org" @change=${(e: Event) => this.pick(Number((e.target as HTMLSelectElement).value))}>
        ${this.orgs.map((o) => html`<option value=${o.id} ?selected=${o.id === this.organisationId}>${o.name}</option>`)}
      </select>
      <div role="alert" class="error">${this.error}</div>
      <p role="status">${this.done}</p>
      <form class="card" @submit=${this.save}>
        <label for="url">${t('webhooks.url')}</label>
        <input id="url" name="url" type="url" required maxlength="500" .value=${hook?.url ?? ''} />
        <label for="format">${t('webhooks.format')}</label>
        <select id="format" name="format">
          ${WEBHOOK_FORMATS.map(
            (f) => html`<option value=${f} ?selected=${hook?.format === f}>${t(`webhooks.format.${f}`)}</option>`,
          )}
        </select>
        <label
          ><input type="checkbox" name="enabled" ?checked=${hook?.enabled ?? true} /> ${t('webhooks.enabled')}</label
        >
        <button type="submit" class="primary">${t('webhooks.save')}</button>
      </form>
      <h2>${t('webhooks.deliveries')}</h2>
      ${
        this.data?.items.length
          ? html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>${t('webhooks.col.time')}</th>
                    <th>${t('webhooks.col.event')}</th>
                    <th>${t('webhooks.col.status')}</th>
                    <th>${t('webhooks.col.attempts')}</th>
                    <th>${t('webhooks.col.error')}</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.data.items.map(
                    (d) =>
                      html`<tr data-test="delivery" data-status=${d.status}>
                        <td>${formatDateTime(d.createdAt)}</td>
                        <td>${t(`resolution.step.${d.event}`)}</td>
                        <td>
                          ${t(`webhooks.status.${d.status}`)}
                          ${d.nextAttemptAt ? html`<br />${t('webhooks.next', { at: formatDateTime(d.nextAttemptAt) })}` : nothing}
                        </td>
                        <td>${d.attempts}</td>
                        <td>${d.lastError ?? ''}</td>
                        <td>
                          ${
                            d.status === 'failed'
                              ? html`<button
                                  type="button"
                                  class="secondary"
                                  @click=${() => retryDelivery(d.id).then(() => this.pick(this.organisationId))}
                                >
                                  ${t('webhooks.retry')}
                                </button>`
                              : nothing
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<p>${t('webhooks.none')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-webhooks-page': WebhooksPage;
  }
}
