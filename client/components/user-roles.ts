import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import type { MembershipView } from '../../shared/schemas/session.js';
import type { UserView } from '../../shared/schemas/user.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import './grant-role-form.js';

/** The admin asked to revoke one of the user's roles (the page confirms first). */
export class RevokeRoleEvent extends Event {
  static readonly type = 'revoke-role';
  constructor(readonly membership: MembershipView) {
    super(RevokeRoleEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary A user's roles, each with a revoke button, and a grant button that opens the
 * grant form. The form closes when the page hands in the updated user.
 * @event revoke-role - RevokeRoleEvent
 * @event grant-role - GrantRoleEvent, from the embedded form
 */
@customElement('yishi-user-roles')
export class UserRoles extends LitElement {
  static override styles = [
    shared,
    css`
      ul {
        list-style: none;
        margin: 0 0 0.5rem;
        padding: 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin-bottom: 0.25rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) user!: UserView;
  @property({ attribute: false }) organisations: OrganisationView[] = [];
  @property({ type: Boolean }) busy = false;
  @state() private granting = false;

  override willUpdate(changed: Map<string, unknown>): void {
    // A new user object means the grant went through.
    if (changed.has('user')) this.granting = false;
  }

  private membership(m: MembershipView) {
    const role = `${t(`role.${m.role}`)} · ${m.organisationName}`;
    return html`<li data-test="user-role" data-role=${m.role}>
      <span>${role}</span>
      <button
        class="secondary"
        data-test="user-revoke"
        aria-label=${t('admin.users.revoke_label', { role })}
        @click=${() => this.dispatchEvent(new RevokeRoleEvent(m))}
      >
        ${t('admin.users.revoke')}
      </button>
    </li>`;
  }

  override render() {
    const u = this.user;
    return html`<ul>
        ${u.memberships.map((m) => this.membership(m))}
      </ul>
      ${
        this.granting
          ? html`<yishi-grant-role-form
              .userName=${u.displayName}
              .organisations=${this.organisations}
              ?busy=${this.busy}
              @cancel=${() => (this.granting = false)}
            ></yishi-grant-role-form>`
          : html`<button
              class="secondary"
              data-test="user-grant"
              aria-label=${t('admin.users.grant_title', { name: u.displayName })}
              @click=${() => (this.granting = true)}
            >
              ${t('admin.users.grant')}
            </button>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-user-roles': UserRoles;
  }
  interface HTMLElementEventMap {
    'revoke-role': RevokeRoleEvent;
  }
}
