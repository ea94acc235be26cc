import '../resident/objection-messages.js';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PublicTimeline } from '../../shared/schemas/procedure.js';
import { errorMessage } from '../data/api.js';
import { mattersOnDisplay } from '../data/objections.js';
import { formatDate } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resident } from '../styles/resident.js';
import '../components/objection-form.js';

/**
 * @summary /p/<code>/objections: the village's major matters now on display (公示), each with
 * "提出异议"; `?matter=<id>` (the public board's button) opens that matter's form at once. A
 * matter whose period has ended is not offered, and says so when the board's link was old.
 */
@customElement('yishi-objections-page')
export class ObjectionsPage extends LitElement {
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
  @state() private items: PublicTimeline[] | null = null;
  @state() private chosen: number | null = null;
  @state() private error = '';
  /** The matter the address asked for, if any (from the board's button). */
  private readonly asked = Number(new URLSearchParams(location.search).get('matter')) || null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      this.items = (await mattersOnDisplay(this.code)).items;
      if (this.asked && this.items.some((m) => m.id === this.asked)) this.chosen = this.asked;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private matter(m: PublicTimeline) {
    const pub = m.publications.find((p) => p.status === 'on_display');
    return html`<li class="card" data-test="display-matter" data-id=${m.id}>
      <h2>${m.title}</h2>
      <p class="hint">
        ${t(`procedure.kind.${m.kind}`)}
        ${pub ? html` · ${t(`procedure.publication.${pub.kind}`)} · ${t('procedure.resident.until', { date: formatDate(pub.endsAt) })}` : nothing}
      </p>
      <button type="button" class="primary" data-test="choose-matter" @click=${() => (this.chosen = m.id)}>
        ${t('procedure.resident.object')}
      </button>
    </li>`;
  }

  override render() {
    const items = this.items;
    const chosen = items?.find((m) => m.id === this.chosen) ?? null;
    return html`<h1>${t('resident.title.objection')}</h1>
      <p>${t('procedure.resident.object_hint')}</p>
      <div role="alert" class="error">${this.error}</div>
      ${this.error ? html`<button type="button" @click=${() => this.load()}>${t('resident.retry')}</button>` : nothing}
      ${
        items === null
          ? this.error
            ? nothing
            : html`<p role="status">${t('resident.loading')}</p>`
          : chosen
            ? html`<yishi-objection-form code=${this.code} .matter=${chosen}></yishi-objection-form>`
            : html`${
                  this.asked && !items.some((m) => m.id === this.asked)
                    ? html`<p class="notice warn" data-test="objection-closed">${t('procedure.resident.ended')}</p>`
                    : nothing
                }
                <h2>${t('procedure.resident.on_display')}</h2>
                ${
                  items.length
                    ? html`<ul class="plain">
                        ${items.map((m) => this.matter(m))}
                      </ul>`
                    : html`<p data-test="no-display">${t('procedure.resident.none')}</p>`
                }`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-objections-page': ObjectionsPage;
  }
}
