import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PublicTopic } from '../../shared/schemas/intake.js';
import { similarTopics } from '../data/intake.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resident } from '../styles/resident.js';
import './cosign-button.js';

const DEBOUNCE_MS = 400;

/**
 * @summary While a resident types a title: open topics of the same village that look alike,
 * offered with one-tap co-sign ("已有类似议题 — 附议?") so people join a topic instead of
 * duplicating it. Quiet when nothing matches; a failed lookup is simply not shown (typing
 * must never be interrupted by it).
 */
@customElement('yishi-similar-topics')
export class SimilarTopics extends LitElement {
  static override styles = [
    shared,
    resident,
    css`
      section {
        background: #fff;
        border: 2px solid #0b57a4;
        border-radius: 12px;
        padding: 0.75rem 1rem;
        margin: 0.75rem 0;
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 1.15rem;
      }
      li {
        padding: 0.5rem 0;
        border-top: 1px solid #c4cad0;
      }
      .title {
        font-weight: 600;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property() code = '';
  /** The title as typed. */
  @property() query = '';
  @property() phone = '';
  @state() private items: PublicTopic[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | null = null;

  override updated(changed: PropertyValues<this>): void {
    if (!changed.has('query')) return;
    clearTimeout(this.timer);
    const q = this.query.trim();
    if (q.length < 2) {
      this.inFlight?.abort();
      this.items = [];
      return;
    }
    this.timer = setTimeout(() => void this.lookUp(q), DEBOUNCE_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.inFlight?.abort();
  }

  private async lookUp(q: string): Promise<void> {
    this.inFlight?.abort();
    const controller = (this.inFlight = typeof AbortController === 'function' ? new AbortController() : null);
    try {
      const items = await similarTopics(this.code, q, controller?.signal);
      if (this.inFlight === controller) this.items = items;
    } catch {
      if (this.inFlight === controller) this.items = [];
    }
  }

  override render() {
    return html`<div aria-live="polite">
      ${
        this.items.length
          ? html`<section data-test="similar">
              <h2>${t('resident.similar.heading')}</h2>
              <p class="hint">${t('resident.similar.hint')}</p>
              <ul class="plain">
                ${this.items.map(
                  (topic) =>
                    html`<li data-test="similar-item">
                      <div class="title">${topic.title}</div>
                      <div class="hint">
                        ${t(`topic.status.${topic.status}`)} ·
                        ${t('resident.cosign.count', { count: topic.cosignCount })}
                      </div>
                      <yishi-cosign-button .topic=${topic} phone=${this.phone}></yishi-cosign-button>
                    </li>`,
                )}
              </ul>
            </section>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-similar-topics': SimilarTopics;
  }
}
