import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { INVITEE_CATEGORIES } from '../../shared/rules/meeting.js';
import type { BodyView } from '../../shared/schemas/bodies.js';
import type { InviteeView, MeetingStaff, MeetingView } from '../../shared/schemas/meeting.js';
import { confirmAction } from '../app/dialogs.js';
import { errorMessage, fieldErrors, type FieldError } from '../data/api.js';
import { addInvitee, removeInvitee } from '../data/meetings.js';
import { describedBy, fieldError, focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { MeetingUpdatedEvent } from '../hall/modes.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary Who is invited: staff users (picked from the organisation's staff) and named guests
 * without an account (乡贤, enterprises, departments, residents), each marked as a member of the
 * deliberating body (counts toward quorum) or a guest. Removal asks first. A meeting of a body
 * (议事主体) lists that body's members instead, kept by the register and frozen at opening: they
 * cannot be removed here, and whoever else is invited attends as a guest.
 * @event meeting-updated - MeetingUpdatedEvent after every change
 */
@customElement('yishi-invitee-editor')
export class InviteeEditor extends LitElement {
  static override styles = [
    shared,
    css`
      .forms {
        display: grid;
        gap: 1rem;
        grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
      }
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        font-weight: 400;
      }
      .check input {
        width: 24px;
        min-height: 24px;
      }
      table {
        min-width: 30rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) meeting!: MeetingView;
  @property({ attribute: false }) staff: MeetingStaff['items'] = [];
  /** The organisation's bodies, to name the meeting's own. */
  @property({ attribute: false }) bodies: BodyView[] = [];
  @property({ type: Boolean }) editable = true;
  @state() private error = '';
  @state() private problems: FieldError[] = [];
  @state() private busy = false;

  private async run(fn: () => Promise<MeetingView>): Promise<boolean> {
    this.busy = true;
    this.error = '';
    try {
      this.dispatchEvent(new MeetingUpdatedEvent(await fn()));
      this.problems = [];
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      this.problems = fieldErrors(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async addStaff(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const userId = Number(data.get('userId'));
    if (!userId) return;
    if (
      await this.run(() =>
        addInvitee(this.meeting.id, { userId, member: !this.meeting.bodyId && data.get('member') === 'on' }),
      )
    )
      form.reset();
  }

  private async addGuest(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    this.problems = invalidFields(form);
    if (this.problems.length) return focusFirstInvalid(form, this.problems);
    const data = new FormData(form);
    const ok = await this.run(() =>
      addInvitee(this.meeting.id, {
        name: String(data.get('name')).trim(),
        affiliation: String(data.get('affiliation') ?? '').trim(),
        category: String(data.get('category')),
        member: !this.meeting.bodyId && data.get('member') === 'on',
      }),
    );
    if (ok) form.reset();
  }

  private async removeOne(i: InviteeView): Promise<void> {
    if (!(await confirmAction(t('invitees.confirm_remove', { name: i.name }), t('invitees.remove')))) return;
    await this.run(() => removeInvitee(this.meeting.id, i.id));
  }

  /** Only without a body may someone added by hand count toward the quorum. */
  private memberBox() {
    return this.meeting.bodyId
      ? nothing
      : html`<label class="check"><input type="checkbox" name="member" checked />${t('invitees.member')}</label>`;
  }

  /** Where a body's list comes from, and how many it froze at opening. */
  private fromBody() {
    const m = this.meeting;
    const body = this.bodies.find((b) => b.id === m.bodyId);
    const name = body?.name ?? t('meetingbody.unknown');
    return html`<p data-test="invitees-from-body">
        <strong
          >${
            m.rosterFrozenAt
              ? t('meetingbody.frozen', { name, count: m.entitledCount ?? 0 })
              : t('meetingbody.from', { name, members: m.invitees.filter((i) => i.fromBody && i.member).length })
          }</strong
        >
      </p>
      <p class="muted">${t('meetingbody.invitees_note')}</p>`;
  }

  private forms() {
    const invited = new Set(this.meeting.invitees.map((i) => i.userId));
    const p = this.problems;
    return html`<div class="forms">
      <form @submit=${this.addStaff} data-test="invite-staff-form">
        <h3>${t('invitees.add_staff')}</h3>
        <label for="userId">${t('invitees.staff_member')}</label>
        <select id="userId" name="userId" data-test="invite-staff">
          ${this.staff
            .filter((u) => !invited.has(u.id))
            .map((u) => html`<option value=${u.id}>${u.displayName}</option>`)}
        </select>
        ${this.memberBox()}
        <button type="submit" ?disabled=${this.busy} data-test="invite-staff-add">${t('invitees.add')}</button>
      </form>
      <form @submit=${this.addGuest} novalidate data-test="invite-guest-form">
        <h3>${t('invitees.add_guest')}</h3>
        <label for="name">${t('invitees.name')}</label>
        <input
          id="name"
          name="name"
          required
          maxlength="40"
          aria-describedby=${describedBy(p, 'name')}
          aria-invalid=${invalid(p, 'name')}
          data-test="invite-guest-name"
        />
        ${fieldError(p, 'name')}
        <label for="affiliation">${t('invitees.affiliation')}</label>
        <input id="affiliation" name="affiliation" maxlength="60" data-test="invite-guest-affiliation" />
        <label for="category">${t('invitees.category')}</label>
        <select id="category" name="category" data-test="invite-guest-category">
          ${INVITEE_CATEGORIES.filter((c) => c !== 'staff').map(
            (c) => html`<option value=${c}>${t(`invitee.category.${c}`)}</option>`,
          )}
        </select>
        ${this.memberBox()}
        <button type="submit" ?disabled=${this.busy} data-test="invite-guest-add">${t('invitees.add')}</button>
      </form>
    </div>`;
  }

  override render() {
    const list = this.meeting.invitees;
    return html`<section class="card" aria-labelledby="invitees-title" data-test="invitee-editor">
      <h2 id="invitees-title">${t('invitees.title', { n: list.length })}</h2>
      ${this.meeting.bodyId ? this.fromBody() : nothing}
      <div role="alert" class="error">${this.error}</div>
      ${
        list.length
          ? html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t('invitees.name')}</th>
                    <th scope="col">${t('invitees.category')}</th>
                    <th scope="col">${t('invitees.role')}</th>
                    ${this.editable ? html`<th scope="col">${t('admin.users.actions')}</th>` : nothing}
                  </tr>
                </thead>
                <tbody>
                  ${list.map(
                    (i) =>
                      html`<tr data-test="invitee" data-name=${i.name}>
                        <td>
                          ${i.name}${i.affiliation ? html`<br /><span class="muted">${i.affiliation}</span>` : nothing}
                        </td>
                        <td>${t(`invitee.category.${i.category}`)}</td>
                        <td>${i.member ? t('invitees.member_short') : t('invitees.guest_short')}</td>
                        ${
                          this.editable
                            ? html`<td>
                                ${
                                  i.fromBody
                                    ? nothing
                                    : html`<button
                                        class="secondary"
                                        ?disabled=${this.busy}
                                        aria-label=${t('invitees.remove_label', { name: i.name })}
                                        @click=${() => this.removeOne(i)}
                                      >
                                        ${t('invitees.remove')}
                                      </button>`
                                }
                              </td>`
                            : nothing
                        }
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<p>${t('invitees.empty')}</p>`
      }
      ${this.editable ? this.forms() : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-invitee-editor': InviteeEditor;
  }
}
