import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { BodyDetail } from '../../shared/schemas/bodies.js';
import type { LinkView } from '../../shared/schemas/meeting.js';
import { copyText } from '../app/clipboard.js';
import { confirmAction } from '../app/dialogs.js';
import { errorMessage } from '../data/api.js';
import { issuePassLink } from '../data/register.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

type Member = BodyDetail['members'][number];

/** Fired, after the user confirmed, to end a seat on `endsOn`; the page saves it. */
export class SeatEndEvent extends Event {
  static readonly type = 'seat-end';
  constructor(
    readonly memberId: number,
    readonly endsOn: string,
  ) {
    super(SeatEndEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary A body's seats with their dates, ending a seat (asked first: later meetings stop
 * counting the person), and one member's new personal link — for the member who lost their card
 * or follows from elsewhere — without reprinting every card (which ends every other link too).
 * The link is shown once with its QR code, as the server keeps only its hash.
 */
@customElement('yishi-body-members')
export class BodyMembers extends LitElement {
  static override styles = [
    shared,
    css`
      .link {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
        align-items: center;
      }
      .link input {
        flex: 1 1 16rem;
      }
      .qr {
        display: block;
        width: 10rem;
        height: 10rem;
        background: #fff;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) body!: BodyDetail;
  /** May add and end seats (the register's editors). */
  @property({ type: Boolean }) canEdit = false;
  /** May issue passes (organisers); the server decides, this only hides what others cannot use. */
  @property({ type: Boolean }) canIssue = false;
  /** The day a seat ends on when ended here. */
  @property() on = '';
  /** Links issued on this page, by seat: shown once, never stored. */
  @state() private links = new Map<number, LinkView>();
  @state() private busy = false;
  @state() private error = '';
  @state() private copied = '';

  private async end(m: Member): Promise<void> {
    if (!(await confirmAction(t('bodies.end_confirm', { name: m.name, date: this.on }), t('bodies.end')))) return;
    this.dispatchEvent(new SeatEndEvent(m.id, this.on));
  }

  private async issue(m: Member): Promise<void> {
    if (!(await confirmAction(t('bodies.passes.link_confirm', { name: m.name }), t('bodies.passes.link')))) return;
    this.busy = true;
    this.error = '';
    try {
      this.links = new Map(this.links).set(m.id, await issuePassLink(this.body.id, m.id));
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private async copy(m: Member, url: string): Promise<void> {
    const ok = await copyText(url, this.renderRoot.querySelector<HTMLInputElement>(`#link-${m.id}`));
    this.copied = ok ? t('admin.users.copied') : t('admin.users.copy_failed');
  }

  private link(m: Member) {
    const link = this.links.get(m.id);
    if (!link) return nothing;
    return html`<tr>
      <td colspan="5">
        <div class="link">
          <label for="link-${m.id}">${t('bodies.passes.link_for', { name: m.name })}</label>
          <input id="link-${m.id}" readonly .value=${link.url} data-test="pass-link-url" />
          <button class="secondary" @click=${() => this.copy(m, link.url)}>${t('action.copy')}</button>
        </div>
        ${
          link.qr
            ? html`<img
                class="qr"
                src=${link.qr}
                alt=${t('bodies.passes.link_qr', { name: m.name })}
                data-test="pass-link-qr"
              />`
            : nothing
        }
      </td>
    </tr>`;
  }

  private actions(m: Member) {
    if (!m.current) return nothing;
    return html`${
      this.canIssue
        ? html`<button
            class="secondary"
            data-test="pass-link"
            data-id=${m.id}
            ?disabled=${this.busy}
            @click=${() => void this.issue(m)}
          >
            ${t('bodies.passes.link')}
          </button>`
        : nothing
    }
    ${
      this.canEdit
        ? html`<button class="secondary" data-test="seat-end" data-id=${m.id} @click=${() => void this.end(m)}>
            ${t('bodies.end')}
          </button>`
        : nothing
    }`;
  }

  override render() {
    return html`<div role="alert" class="error">${this.error}</div>
      <div role="status">${this.copied}</div>
      <table data-test="body-members">
        <thead>
          <tr>
            <th>${t('bodies.col.name')}</th>
            <th>${t('bodies.col.role')}</th>
            <th>${t('bodies.col.starts_on')}</th>
            <th>${t('bodies.col.ends_on')}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${this.body.members.map(
            (m) =>
              html`<tr data-test="body-member" data-id=${m.id}>
                  <td>${m.name}</td>
                  <td>${t(`bodies.role.${m.role}`)}</td>
                  <td>${m.startsOn}</td>
                  <td>${m.endsOn ?? ''} ${m.current ? t('bodies.current') : t('bodies.past')}</td>
                  <td>${this.actions(m)}</td>
                </tr>
                ${this.link(m)}`,
          )}
        </tbody>
      </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-body-members': BodyMembers;
  }
  interface HTMLElementEventMap {
    'seat-end': SeatEndEvent;
  }
}
