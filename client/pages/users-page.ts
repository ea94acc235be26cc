import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { MembershipView } from '../../shared/schemas/session.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import type { UserList, UserView } from '../../shared/schemas/user.js';
import { confirmAction, showIssuedPassword } from '../app/dialogs.js';
import { LatestRequest } from '../data/latest.js';
import { errorMessage, fieldErrors, type FieldError } from '../data/api.js';
import { listOrganisations } from '../data/organisations.js';
import { createUser, grantRole, listUsers, resetPassword, revokeRole, updateUser } from '../data/users.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { GrantRoleEvent } from '../components/grant-role-form.js';
import type { PageEvent } from '../components/pager.js';
import type { UserSaveEvent } from '../components/user-form.js';
import type { RevokeRoleEvent } from '../components/user-roles.js';
import '../components/pager.js';
import '../components/user-form.js';
import '../components/user-roles.js';

const LIMIT = 25;

/**
 * @summary Staff accounts: search, create (the one-time password is shown once), disable or
 * enable, reset the password, grant and revoke roles. Every destructive step asks first.
 */
@customElement('yishi-users-page')
export class UsersPage extends LitElement {
  static override styles = [
    shared,
    css`
      .toolbar {
        justify-content: space-between;
        margin-bottom: 1rem;
      }
      .search input {
        width: auto;
        flex: 1 1 12rem;
      }
      td .row {
        gap: 0.5rem;
      }
      /* Phones scroll the table sideways rather than squeeze four columns into 360 px. */
      table {
        min-width: 46rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @state() private data: UserList | null = null;
  @state() private orgs: OrganisationView[] = [];
  @state() private offset = 0;
  /** The offset of the page on screen, which the pager names (the asked-for one may be loading). */
  @state() private shownOffset = 0;
  private readonly latest = new LatestRequest();
  @state() private q = '';
  @state() private error = '';
  @state() private creating = false;
  @state() private fields: FieldError[] = [];
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    listOrganisations().then(
      (orgs) => (this.orgs = orgs),
      (err) => (this.error = errorMessage(err)),
    );
  }

  private async load(): Promise<void> {
    await this.attempt(async () => {
      const offset = this.offset;
      await this.latest.run(
        () => listUsers({ q: this.q || undefined, offset, limit: LIMIT }),
        (data) => ((this.data = data), (this.shownOffset = offset)),
      );
    });
  }

  /** Runs one action at a time, showing the server's translated message if it fails. */
  private async attempt(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await fn();
    } catch (err) {
      this.error = errorMessage(err);
      this.fields = fieldErrors(err);
    } finally {
      this.busy = false;
    }
  }

  private replace(user: UserView): void {
    if (this.data) this.data = { ...this.data, items: this.data.items.map((u) => (u.id === user.id ? user : u)) };
  }

  private async create(e: UserSaveEvent): Promise<void> {
    await this.attempt(async () => {
      const issued = await createUser(e.body);
      this.creating = false;
      this.fields = [];
      await showIssuedPassword(issued);
      await this.load();
    });
  }

  private async toggleDisabled(user: UserView): Promise<void> {
    const question = user.disabled ? 'admin.users.confirm_enable' : 'admin.users.confirm_disable';
    const label = user.disabled ? t('admin.users.enable') : t('admin.users.disable');
    if (!(await confirmAction(t(question, { name: user.displayName }), label))) return;
    await this.attempt(async () => this.replace(await updateUser(user.id, { disabled: !user.disabled })));
  }

  private async reset(user: UserView): Promise<void> {
    if (!(await confirmAction(t('admin.users.confirm_reset', { name: user.displayName }), t('admin.users.reset'))))
      return;
    await this.attempt(async () => {
      const issued = await resetPassword(user.id);
      this.replace(issued.user);
      await showIssuedPassword(issued);
    });
  }

  private async revoke(user: UserView, m: MembershipView): Promise<void> {
    const role = `${t(`role.${m.role}`)} · ${m.organisationName}`;
    if (
      !(await confirmAction(t('admin.users.confirm_revoke', { role, name: user.displayName }), t('admin.users.revoke')))
    )
      return;
    await this.attempt(async () => this.replace(await revokeRole(user.id, m.id)));
  }

  private async grant(user: UserView, e: GrantRoleEvent): Promise<void> {
    await this.attempt(async () => {
      this.replace(await grantRole(user.id, e.organisationId, e.role));
    });
  }

  private showCreate(open: boolean): void {
    this.creating = open;
    this.fields = [];
    this.error = '';
  }

  private search(e: SubmitEvent): void {
    e.preventDefault();
    this.q = String(new FormData(e.target as HTMLFormElement).get('q') ?? '').trim();
    this.offset = 0;
    void this.load();
  }

  private row(u: UserView) {
    return html`<tr data-test="user-row" data-username=${u.username}>
      <td>
        <strong>${u.displayName}</strong><br /><span class="muted">${u.username}</span>
        ${u.phoneMasked ? html`<br /><span class="muted">${u.phoneMasked}</span>` : nothing}
      </td>
      <td>
        <yishi-user-roles
          .user=${u}
          .organisations=${this.orgs}
          ?busy=${this.busy}
          @revoke-role=${(e: RevokeRoleEvent) => this.revoke(u, e.membership)}
          @grant-role=${(e: GrantRoleEvent) => this.grant(u, e)}
        ></yishi-user-roles>
      </td>
      <td data-test="user-status">${u.disabled ? t('admin.users.disabled') : t('admin.users.active')}</td>
      <td>
        <div class="row">
          <button
            class="secondary"
            data-test="user-toggle"
            aria-label=${t(u.disabled ? 'admin.users.enable_label' : 'admin.users.disable_label', { name: u.displayName })}
            @click=${() => this.toggleDisabled(u)}
          >
            ${u.disabled ? t('admin.users.enable') : t('admin.users.disable')}
          </button>
          <button
            class="secondary"
            data-test="user-reset"
            aria-label=${t('admin.users.reset_label', { name: u.displayName })}
            @click=${() => this.reset(u)}
          >
            ${t('admin.users.reset')}
          </button>
        </div>
      </td>
    </tr>`;
  }

  private table(data: UserList) {
    if (!data.items.length) return html`<p data-test="users-table">${t('admin.users.none')}</p>`;
    return html`<div class="table-wrap">
        <table data-test="users-table">
          <thead>
            <tr>
              <th scope="col">${t('admin.users.name')}</th>
              <th scope="col">${t('admin.users.roles')}</th>
              <th scope="col">${t('admin.users.status')}</th>
              <th scope="col">${t('admin.users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            ${data.items.map((u) => this.row(u))}
          </tbody>
        </table>
      </div>
      <yishi-pager
        .offset=${this.shownOffset}
        .limit=${LIMIT}
        .total=${data.total}
        @page=${(e: PageEvent) => ((this.offset = e.offset), void this.load())}
      ></yishi-pager>`;
  }

  override render() {
    return html`<h1>${t('admin.users.title')}</h1>
      <div class="row toolbar">
        <form class="row search" role="search" @submit=${this.search}>
          <label class="visually-hidden" for="q">${t('admin.users.search')}</label>
          <input
            id="q"
            name="q"
            type="search"
            placeholder=${t('admin.users.search')}
            maxlength="40"
            .value=${this.q}
            data-test="users-search"
          />
          <button type="submit" class="secondary">${t('admin.users.search_button')}</button>
        </form>
        <button
          data-test="user-create"
          aria-expanded=${this.creating ? 'true' : 'false'}
          @click=${() => this.showCreate(!this.creating)}
        >
          ${t('admin.users.create')}
        </button>
      </div>
      <div role="alert" class="error" data-test="users-error">${this.error}</div>
      ${
        this.creating
          ? html`<yishi-user-form
              .organisations=${this.orgs}
              .fields=${this.fields}
              ?busy=${this.busy}
              @user-save=${this.create}
              @cancel=${() => this.showCreate(false)}
            ></yishi-user-form>`
          : nothing
      }
      ${this.data ? this.table(this.data) : html`<p role="status">${t('app.loading')}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-users-page': UsersPage;
  }
}
