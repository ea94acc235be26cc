import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { InviteeView } from '../../shared/schemas/meeting.js';
import { markAttendance } from '../data/meetings.js';
import { quorumText, remoteText } from '../hall/attendance-text.js';
import { t } from '../i18n/index.js';
import { ConsolePanel } from './console-panel.js';

/**
 * @summary Console panel: live attendance — expected, present, absent, and whether the body's
 * quorum is met — and the register, where staff mark anyone present (the elderly without a
 * phone) or absent by hand.
 */
@customElement('yishi-console-attendance')
export class ConsoleAttendance extends ConsolePanel {
  static override styles = [
    ConsolePanel.styles,
    css`
      dl {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.5rem;
        margin: 0 0 0.5rem;
      }
      dt {
        color: #4a545e;
      }
      dd {
        margin: 0;
        font-size: 1.6rem;
        font-weight: 700;
      }
      .met {
        color: #1b6e2a;
        font-weight: 700;
      }
      .unmet {
        color: #a4161a;
        font-weight: 700;
      }
      table {
        min-width: 28rem;
      }
      .search {
        max-width: 20rem;
      }
    `,
  ];
  @state() private filter = '';

  private status(i: InviteeView): string {
    if (i.present === null) return t('attendance.not_yet');
    if (!i.present) return t('attendance.marked_absent');
    return t(`attendance.by.${i.method ?? 'manual'}`);
  }

  private row(i: InviteeView) {
    const off = !this.drivable || this.busy;
    return html`<tr data-test="register-row" data-name=${i.name} data-present=${String(i.present)}>
      <td>${i.name}${i.member ? nothing : html` <span class="muted">(${t('invitees.guest_short')})</span>`}</td>
      <td>${this.status(i)}</td>
      <td>
        <div class="row">
          <button
            class="secondary"
            ?disabled=${off || i.present === true}
            aria-label=${t('attendance.mark_present_label', { name: i.name })}
            data-test="mark-present"
            @click=${() => this.act(() => markAttendance(this.meeting.id, i.id, true))}
          >
            ${t('attendance.mark_present')}
          </button>
          <button
            class="secondary"
            ?disabled=${off || i.present === false}
            aria-label=${t('attendance.mark_absent_label', { name: i.name })}
            data-test="mark-absent"
            @click=${() => this.act(() => markAttendance(this.meeting.id, i.id, false))}
          >
            ${t('attendance.mark_absent')}
          </button>
        </div>
      </td>
    </tr>`;
  }

  override render() {
    const a = this.state.attendance;
    const q = this.filter.trim();
    const shown = this.meeting.invitees.filter((i) => !q || i.name.includes(q));
    return html`<dl
        data-test="console-attendance"
        data-present=${a.present}
        data-quorum=${a.quorumMet ? 'met' : 'unmet'}
      >
        <div>
          <dt>${t('attendance.expected')}</dt>
          <dd>${a.expected}</dd>
        </div>
        <div>
          <dt>${t('attendance.present')}</dt>
          <dd data-test="console-present">${a.present}</dd>
        </div>
        <div>
          <dt>${t('attendance.absent')}</dt>
          <dd>${a.absent}</dd>
        </div>
      </dl>
      <p class=${a.quorumMet ? 'met' : 'unmet'} data-test="console-quorum">${quorumText(a)}</p>
      ${a.remote ? html`<p class="muted" data-test="attendance-remote">${remoteText(a)}</p>` : nothing}
      <div role="alert" class="error">${this.error}</div>
      ${
        this.meeting.invitees.length > 10
          ? html`<label for="filter">${t('checkin.filter')}</label>
              <input
                id="filter"
                class="search"
                type="search"
                .value=${this.filter}
                @input=${(e: InputEvent) => (this.filter = (e.target as HTMLInputElement).value)}
              />`
          : nothing
      }
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">${t('invitees.name')}</th>
              <th scope="col">${t('attendance.status')}</th>
              <th scope="col">${t('admin.users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            ${shown.map((i) => this.row(i))}
          </tbody>
        </table>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-console-attendance': ConsoleAttendance;
  }
}
