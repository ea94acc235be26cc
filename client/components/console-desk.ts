import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { CheckinRequestView } from '../../shared/schemas/checkin.js';
import { decideRequest, deskRequests, deskScanPass, followDesk } from '../data/checkin.js';
import { errorMessage } from '../data/api.js';
import { formatTime } from '../i18n/dates.js';
import { t } from '../i18n/index.js';
import { ConsolePanel } from './console-panel.js';

/**
 * @summary Console panel: the check-in desk (签到台). Phones that scanned the projector's code
 * without a pass wait here by name ("I am 赵文华"), as do second devices for someone already
 * present; staff confirm or reject each one, and the latest decisions say who decided. A USB
 * scanner (it types the card's link and Enter) or typing checks a pass card in.
 */
@customElement('yishi-console-desk')
export class ConsoleDesk extends ConsolePanel {
  static override styles = [
    ConsolePanel.styles,
    css`
      ul {
        list-style: none;
        padding: 0;
        margin: 0 0 1rem;
        display: grid;
        gap: 0.5rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: space-between;
      }
      .who {
        font-size: 1.2rem;
        font-weight: 700;
      }
      .done {
        color: #4a545e;
      }
      form {
        display: flex;
        gap: 0.5rem;
        align-items: end;
        flex-wrap: wrap;
      }
    `,
  ];
  @state() private requests: CheckinRequestView[] = [];
  @state() private scanned = '';
  private stop: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.stop = followDesk((r) => {
      if (r.meetingId !== this.meeting?.id) return;
      this.requests = [r, ...this.requests.filter((x) => x.id !== r.id)];
    });
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
    this.stop = null;
  }

  private async load(): Promise<void> {
    if (!this.meeting) return;
    try {
      this.requests = await deskRequests(this.meeting.id);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private decide(r: CheckinRequestView, confirm: boolean): void {
    void this.act(async () => {
      const decided = await decideRequest(this.meeting.id, r.id, confirm);
      this.requests = [decided, ...this.requests.filter((x) => x.id !== decided.id)];
    });
  }

  private scan(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const pass = String(new FormData(form).get('pass') ?? '').trim();
    if (!pass) return;
    this.scanned = '';
    void this.act(async () => {
      const done = await deskScanPass(this.meeting.id, pass);
      this.scanned = t('checkindesk.scanned', { name: done.name });
      form.reset();
    });
  }

  private pendingRow(r: CheckinRequestView) {
    const off = !this.drivable || this.busy;
    return html`<li data-test="desk-request" data-name=${r.name}>
      <div>
        <div class="who">${r.name}</div>
        <div class="muted">${t(`checkindesk.kind.${r.kind}`)} · ${formatTime(r.createdAt)}</div>
      </div>
      <div class="row">
        <button
          ?disabled=${off}
          aria-label=${t('checkindesk.confirm_label', { name: r.name })}
          data-test="desk-confirm"
          @click=${() => this.decide(r, true)}
        >
          ${t('checkindesk.confirm')}
        </button>
        <button
          class="secondary"
          ?disabled=${off}
          aria-label=${t('checkindesk.reject_label', { name: r.name })}
          data-test="desk-reject"
          @click=${() => this.decide(r, false)}
        >
          ${t('checkindesk.reject')}
        </button>
      </div>
    </li>`;
  }

  override render() {
    const pending = this.requests.filter((r) => r.state === 'pending');
    const decided = this.requests.filter((r) => r.state !== 'pending').slice(0, 8);
    return html`<div role="alert" class="error">${this.error}</div>
      <h3>${t('checkindesk.pending')}</h3>
      ${
        pending.length
          ? html`<ul>
              ${pending.map((r) => this.pendingRow(r))}
            </ul>`
          : html`<p>${t('checkindesk.none')}</p>`
      }
      <form @submit=${this.scan} data-test="desk-scan">
        <div>
          <label for="desk-pass">${t('checkindesk.scan_label')}</label>
          <input id="desk-pass" name="pass" autocomplete="off" spellcheck="false" ?disabled=${!this.drivable} />
        </div>
        <button type="submit" ?disabled=${!this.drivable || this.busy}>${t('checkindesk.scan_submit')}</button>
      </form>
      <p role="status" data-test="desk-scanned">${this.scanned}</p>
      ${
        decided.length
          ? html`<h3>${t('checkindesk.decided')}</h3>
              <ul>
                ${decided.map(
                  (r) =>
                    html`<li class="done" data-test="desk-decided" data-name=${r.name} data-state=${r.state}>
                      <span>${r.name}</span>
                      <span
                        >${t(`checkindesk.state.${r.state}`, { by: r.decidedBy ?? '' })}
                        ${r.decidedAt ? formatTime(r.decidedAt) : nothing}</span
                      >
                    </li>`,
                )}
              </ul>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-console-desk': ConsoleDesk;
  }
}
