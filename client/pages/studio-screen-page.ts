import '../resident/page-messages.js';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { QueueView, StudioPublicView } from '../../shared/schemas/reception.js';
import { errorMessage } from '../data/api.js';
import { studioInfo, studioQrUrl, studioQueue } from '../data/studio.js';
import { formatDate, formatTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

const POLL_MS = 5_000;

/**
 * @summary /s/<code>/screen: the waiting room's screen on reception day — the number being
 * called in very large type, how many wait, and the studio's QR to take a number. Public (the
 * code is printed anyway); refreshes every five seconds and marks itself stale when it cannot.
 */
@customElement('yishi-studio-screen-page')
export class StudioScreenPage extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 2rem;
        min-height: 100vh;
        padding: 2rem 3rem;
        background: #101826;
        color: #fff;
        font-size: 2rem;
      }
      h1 {
        font-size: 2.6rem;
      }
      .calling {
        font-size: 12rem;
        font-weight: 800;
        line-height: 1;
        margin: 0.5rem 0;
        color: #ffd54f;
      }
      .qr {
        background: #fff;
        color: #1b1f24;
        border-radius: 16px;
        padding: 1rem;
        text-align: center;
        align-self: start;
        font-size: 1.5rem;
      }
      .qr img {
        width: 16rem;
        height: 16rem;
        display: block;
      }
      .stale {
        color: #ffb4a8;
        font-size: 1.2rem;
      }
      @media (max-width: 720px) {
        :host {
          grid-template-columns: 1fr;
          padding: 1rem;
        }
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property() code = '';
  @state() private studio: StudioPublicView | null = null;
  @state() private queue: QueueView | null = null;
  @state() private error = '';
  @state() private stale = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  private async load(): Promise<void> {
    try {
      this.studio = await studioInfo(this.code);
      await this.refresh();
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async refresh(): Promise<void> {
    try {
      this.queue = await studioQueue(this.code);
      this.stale = false;
    } catch {
      this.stale = true;
    }
  }

  override render() {
    const s = this.studio;
    if (!s) {
      return html`<h1>${t('resident.title.screen')}</h1>
        <p role="alert">${this.error}</p>`;
    }
    const q = this.queue;
    return html`<section aria-labelledby="studio-name">
        <h1 id="studio-name">${s.name}</h1>
        <p>${t('resident.screen.calling')}</p>
        <p class="calling" data-test="screen-calling" aria-live="polite">${q?.calling ?? '—'}</p>
        <p data-test="screen-waiting">${t('resident.screen.waiting', { count: q?.waiting ?? 0 })}</p>
        ${s.onDuty ? html`<p>${t('resident.studio.on_duty', { name: s.onDuty })}</p>` : nothing}
        ${
          s.open
            ? nothing
            : html`<p>
                ${t('resident.studio.next', {
                  date: formatDate(s.next.startsAt),
                  start: formatTime(s.next.startsAt),
                  end: formatTime(s.next.endsAt),
                })}
              </p>`
        }
        <p role="status" class="stale">${this.stale ? t('resident.screen.stale') : ''}</p>
      </section>
      <aside class="qr" aria-label=${t('resident.screen.scan')}>
        <img src=${studioQrUrl(this.code)} alt=${t('resident.screen.qr_alt')} />
        <p>${t('resident.screen.scan')}</p>
      </aside>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-studio-screen-page': StudioScreenPage;
  }
}
