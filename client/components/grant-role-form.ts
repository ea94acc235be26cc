import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Role } from '../../shared/roles.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import { organisationOptions, roleOptions } from '../forms/options.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** A role was chosen to grant at an organisation. */
export class GrantRoleEvent extends Event {
  static readonly type = 'grant-role';
  constructor(
    readonly organisationId: number,
    readonly role: Role,
  ) {
    super(GrantRoleEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary Picks an organisation and a role to grant a user; the role then applies to the
 * organisation and everything under it.
 * @event grant-role - GrantRoleEvent
 * @event cancel - the user gave up
 */
@customElement('yishi-grant-role-form')
export class GrantRoleForm extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  /** Whose roles these are, for the heading. */
  @property() userName = '';
  @property({ attribute: false }) organisations: OrganisationView[] = [];
  @property({ type: Boolean }) busy = false;

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.dispatchEvent(new GrantRoleEvent(Number(data.get('organisationId')), data.get('role') as Role));
  }

  override render() {
    return html`<form class="card" @submit=${this.submit} data-test="grant-form" aria-labelledby="grant-title">
      <h2 id="grant-title">${t('admin.users.grant_title', { name: this.userName })}</h2>
      <label for="grant-org">${t('admin.users.organisation')}</label>
      <select id="grant-org" name="organisationId" required data-test="grant-organisation">
        ${organisationOptions(this.organisations)}
      </select>
      <label for="grant-role">${t('admin.users.role')}</label>
      <select id="grant-role" name="role" required data-test="grant-role">
        ${roleOptions()}
      </select>
      <div class="row actions">
        <button type="submit" ?disabled=${this.busy} data-test="grant-submit">${t('admin.users.grant')}</button>
        <button type="button" class="secondary" @click=${() => this.dispatchEvent(new Event('cancel'))}>
          ${t('action.cancel')}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-grant-role-form': GrantRoleForm;
  }
  interface HTMLElementEventMap {
    'grant-role': GrantRoleEvent;
  }
}
