import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { InviteeView, LinkView } from '../../shared/schemas/meeting.js';
import { copyText } from '../app/clipboard.js';
import { confirmAction } from '../app/dialogs.js';
import { getMeeting, issueInviteLink, issueScreenLink, revokeInviteLink, revokeScreenLink } from '../data/meetings.js';
import { t } from '../i18n/index.js';
import { ConsolePanel } from './console-panel.js';

/**
 * @summary Console panel: the projector link (issue, copy, open, withdraw — issuing again ends
 * the screens showing the old one) and personal invite links for people following from
 * elsewhere (issue, copy, withdraw). Links are shown once, when issued: only their hashes are kept.
 */
@customElement('yishi-console-links')
export class ConsoleLinks extends ConsolePanel {
  static override styles = [
    ConsolePanel.styles,
    css`
      .link {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
        align-items: center;
      }
      .link input {
        flex: 1 1 16rem;
        font-size: 0.9rem;
      }
      ul {
        list-style: none;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      li {
        border-bottom: 1px solid #c4cad0;
        padding-bottom: 0.5rem;
      }
      /* Large enough for a phone to scan off a laptop screen. */
      .qr {
        display: block;
        width: 12rem;
        height: 12rem;
        margin-top: 0.5rem;
        background: #fff;
      }
    `,
  ];
  @state() private screenUrl = '';
  /** Links issued on this page, with their QR codes: shown once, never stored. */
  @state() private invites = new Map<number, LinkView>();
  @state() private copied = '';

  private async issueScreen(): Promise<void> {
    if (this.meeting.hasScreenLink && !(await confirmAction(t('links.confirm_reissue'), t('links.screen_issue'))))
      return;
    await this.act(async () => {
      this.screenUrl = (await issueScreenLink(this.meeting.id)).url;
      return getMeeting(this.meeting.id);
    });
  }

  private async revokeScreen(): Promise<void> {
    if (!(await confirmAction(t('links.confirm_revoke_screen'), t('links.revoke')))) return;
    await this.act(async () => {
      await revokeScreenLink(this.meeting.id);
      this.screenUrl = '';
      return getMeeting(this.meeting.id);
    });
  }

  private async issueInvite(i: InviteeView): Promise<void> {
    if (
      i.hasPass &&
      !(await confirmAction(t('links.confirm_reissue_invite', { name: i.name }), t('links.invite_issue')))
    )
      return;
    await this.act(async () => {
      this.invites = new Map(this.invites).set(i.id, await issueInviteLink(this.meeting.id, i.id));
      return getMeeting(this.meeting.id);
    });
  }

  private async revokeInvite(i: InviteeView): Promise<void> {
    if (!(await confirmAction(t('links.confirm_revoke_invite', { name: i.name }), t('links.revoke')))) return;
    await this.act(async () => {
      const invites = new Map(this.invites);
      invites.delete(i.id);
      this.invites = invites;
      return revokeInviteLink(this.meeting.id, i.id);
    });
  }

  private async copyFrom(id: string, text: string): Promise<void> {
    const ok = await copyText(text, this.renderRoot.querySelector<HTMLInputElement>(`#${id}`));
    this.copied = ok ? t('admin.users.copied') : t('admin.users.copy_failed');
  }

  private linkField(id: string, label: string, url: string) {
    return html`<div class="link">
      <label class="visually-hidden" for=${id}>${label}</label>
      <input id=${id} readonly .value=${url} data-test=${id} />
      <button class="secondary" @click=${() => this.copyFrom(id, url)}>${t('action.copy')}</button>
    </div>`;
  }

  /** A link just issued: the address to copy and its QR code to scan off this screen. */
  private invite(i: InviteeView) {
    const link = this.invites.get(i.id);
    if (!link) return nothing;
    return html`${this.linkField(`invite-${i.id}`, t('links.invite_for', { name: i.name }), link.url)}
    ${link.qr ? html`<img class="qr" src=${link.qr} alt=${t('links.invite_qr', { name: i.name })} data-test="invite-qr" />` : nothing}`;
  }

  override render() {
    const off = !this.drivable || this.busy;
    const m = this.meeting;
    return html`<h3>${t('links.screen_title')}</h3>
      <p class="muted">${t('links.screen_hint')}</p>
      ${this.screenUrl ? this.linkField('screen-url', t('links.screen_title'), this.screenUrl) : nothing}
      ${
        this.screenUrl
          ? html`<p><a href=${this.screenUrl} target="_blank" rel="noopener">${t('links.screen_open')}</a></p>`
          : m.hasScreenLink
            ? html`<p data-test="screen-link-active">${t('links.screen_active')}</p>`
            : nothing
      }
      <div class="row">
        <button ?disabled=${off} data-test="screen-link-issue" @click=${this.issueScreen}>
          ${t('links.screen_issue')}
        </button>
        <button
          class="danger"
          ?disabled=${off || !m.hasScreenLink}
          data-test="screen-link-revoke"
          @click=${this.revokeScreen}
        >
          ${t('links.revoke')}
        </button>
      </div>
      <div role="status">${this.copied}</div>
      <div role="alert" class="error">${this.error}</div>
      <h3>${t('links.invite_title')}</h3>
      <p class="muted">${m.remoteVoting ? t('links.invite_hint_voting') : t('links.invite_hint')}</p>
      <ul>
        ${m.invitees.map(
          (i) =>
            html`<li data-test="invite-row" data-name=${i.name}>
              <div class="row">
                <strong>${i.name}</strong>
                ${i.hasPass ? html`<span class="muted">${t('links.has_pass')}</span>` : nothing}
                <button
                  class="secondary"
                  ?disabled=${off}
                  aria-label=${t('links.invite_issue_label', { name: i.name })}
                  data-test="invite-issue"
                  @click=${() => this.issueInvite(i)}
                >
                  ${t('links.invite_issue')}
                </button>
                ${
                  i.hasPass
                    ? html`<button
                        class="secondary"
                        ?disabled=${off}
                        aria-label=${t('links.invite_revoke_label', { name: i.name })}
                        @click=${() => this.revokeInvite(i)}
                      >
                        ${t('links.revoke')}
                      </button>`
                    : nothing
                }
              </div>
              ${this.invite(i)}
            </li>`,
        )}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-console-links': ConsoleLinks;
  }
}
