import '../resident/page-messages.js';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { QueueView, StudioPublicView, Ticket } from '../../shared/schemas/reception.js';
import { errorMessage } from '../data/api.js';
import { keptTicket, studioInfo, studioQueue, takeTicket } from '../data/studio.js';
import { formatDate, formatTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resident } from '../styles/resident.js';

const POLL_MS = 10_000;

/**
 * @summary /s/<code>: a studio's reception day as a resident sees it — when, where, who is on duty
 * — and on the day, one tap to take a queue number, then the number being called, refreshed
 * every ten seconds, until it is their turn. The number survives a reload.
 */
@customElement('yishi-studio-ticket-page')
export class StudioTicketPage extends LitElement {
  static override styles = [
    shared,
    resident,
    css`
      .ticket {
        text-align: center;
      }
      .number {
        font-size: 4rem;
        font-weight: 800;
        line-height: 1.1;
        margin: 0.25rem 0;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property() code = '';
  @state() private studio: StudioPublicView | null = null;
  @state() private queue: QueueView | null = null;
  @state() private ticket: Ticket | null = null;
  @state() private error = '';
  @state() private busy = false;
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
    this.error = '';
    try {
      [this.studio, this.queue] = await Promise.all([studioInfo(this.code), studioQueue(this.code)]);
      this.ticket = keptTicket(this.code, this.queue.day);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  /** A missed refresh is not worth an error on screen: the next one comes in ten seconds. */
  private async refresh(): Promise<void> {
    if (!this.studio) return;
    try {
      this.queue = await studioQueue(this.code);
    } catch {
      // Shown as stale until the next refresh succeeds.
    }
  }

  private async take(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      this.ticket = await takeTicket(this.code);
      await this.refresh();
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private ticketView(ticket: Ticket, queue: QueueView | null) {
    const calling = queue?.calling ?? 0;
    const ahead = Math.max(0, ticket.number - calling - 1);
    const state = calling === ticket.number ? 'now' : calling > ticket.number ? 'passed' : 'waiting';
    return html`<section class="card ticket" aria-labelledby="your-number" data-test="ticket">
      <h2 id="your-number">${t('resident.studio.your_number')}</h2>
      <p class="number" data-test="ticket-number">${ticket.number}</p>
      <div role="status" aria-live="polite">
        ${
          state === 'now'
            ? html`<p class="notice ok"><strong>${t('resident.studio.your_turn')}</strong></p>`
            : state === 'passed'
              ? html`<p class="notice warn">${t('resident.studio.passed')}</p>`
              : html`<p>${t('resident.studio.ahead', { count: ahead })}</p>`
        }
        <p class="hint">
          ${queue?.calling ? t('resident.studio.calling', { number: queue.calling }) : t('resident.studio.not_started')}
        </p>
      </div>
    </section>`;
  }

  override render() {
    const s = this.studio;
    return html`<h1>${s ? s.name : t('resident.title.studio')}</h1>
      <div role="alert" class="error" data-test="studio-error">${this.error}</div>
      ${
        !s
          ? this.error
            ? html`<button type="button" @click=${() => this.load()}>${t('resident.retry')}</button>`
            : html`<p role="status">${t('resident.loading')}</p>`
          : html`<p>${s.organisationName} · ${s.location}</p>
              <p data-test="studio-next">
                ${t('resident.studio.next', {
                  date: formatDate(s.next.startsAt),
                  start: formatTime(s.next.startsAt),
                  end: formatTime(s.next.endsAt),
                })}
              </p>
              ${s.onDuty ? html`<p>${t('resident.studio.on_duty', { name: s.onDuty })}</p>` : nothing}
              ${
                this.ticket
                  ? this.ticketView(this.ticket, this.queue)
                  : s.open
                    ? html`<button
                        type="button"
                        class="primary"
                        ?disabled=${this.busy}
                        data-test="take-ticket"
                        @click=${this.take}
                      >
                        ${t('resident.studio.take')}
                      </button>`
                    : html`<p class="notice warn" data-test="studio-closed">${t('resident.studio.closed')}</p>`
              }`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-studio-ticket-page': StudioTicketPage;
  }
}
