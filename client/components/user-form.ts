import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Role } from '../../shared/roles.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import type { CreateUserBody } from '../../shared/schemas/user.js';
import type { FieldError } from '../data/api.js';
import { LocaleController, locale, t } from '../i18n/index.js';
import { organisationOptions, roleOptions } from '../forms/options.js';
import { describedBy, fieldError, focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { shared } from '../styles/shared.js';

/** A valid new-user form was submitted. */
export class UserSaveEvent extends Event {
  static readonly type = 'user-save';
  constructor(readonly body: CreateUserBody) {
    super(UserSaveEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary Form for a new staff account (username, name, optional mobile, first role). The
 * browser's constraint validation mirrors the server's schema (shared/schemas/user.ts);
 * the server's field errors arrive through `fields`.
 * @event user-save - UserSaveEvent with the CreateUserBody
 * @event cancel - the user gave up
 */
@customElement('yishi-user-form')
export class UserForm extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) organisations: OrganisationView[] = [];
  /** Field errors from the server, shown next to their fields. */
  @property({ attribute: false }) fields: FieldError[] = [];
  @property({ type: Boolean }) busy = false;
  @state() private local: FieldError[] = [];
  @query('form') private form!: HTMLFormElement;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('fields')) this.local = [];
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('fields') && this.fields.length) focusFirstInvalid(this.form, this.fields);
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    this.local = invalidFields(this.form);
    if (this.local.length) return focusFirstInvalid(this.form, this.local);
    const data = new FormData(this.form);
    const phone = String(data.get('phone') ?? '').trim();
    this.dispatchEvent(
      new UserSaveEvent({
        username: String(data.get('username')).trim(),
        displayName: String(data.get('displayName')).trim(),
        ...(phone ? { phone } : {}),
        // New staff start in the language the admin works in; they can switch after login.
        locale: locale(),
        organisationId: Number(data.get('organisationId')),
        role: data.get('role') as Role,
      }),
    );
  }

  override render() {
    const problems = this.local.length ? this.local : this.fields;
    const a11y = (name: string, ...hints: string[]) => ({
      describedBy: describedBy(problems, name, ...hints),
      invalid: invalid(problems, name),
    });
    const u = a11y('username', 'username-hint');
    const n = a11y('displayName');
    const p = a11y('phone');
    const o = a11y('organisationId');
    return html`<form
      class="card"
      novalidate
      @submit=${this.submit}
      data-test="user-form"
      aria-labelledby="user-form-title"
    >
      <h2 id="user-form-title">${t('admin.users.create')}</h2>
      <label for="username">${t('login.username')}</label>
      <p class="muted" id="username-hint">${t('admin.users.username_hint')}</p>
      <input
        id="username"
        name="username"
        required
        minlength="3"
        maxlength="32"
        pattern="[a-z0-9_.\\-]+"
        data-pattern-message="field.username_chars"
        autocomplete="off"
        autocapitalize="none"
        spellcheck="false"
        aria-describedby=${u.describedBy}
        aria-invalid=${u.invalid}
        data-test="user-username"
      />
      ${fieldError(problems, 'username')}
      <label for="displayName">${t('admin.users.display_name')}</label>
      <input
        id="displayName"
        name="displayName"
        required
        maxlength="40"
        autocomplete="off"
        aria-describedby=${n.describedBy}
        aria-invalid=${n.invalid}
        data-test="user-display-name"
      />
      ${fieldError(problems, 'displayName')}
      <label for="phone">${t('admin.users.phone')}</label>
      <input
        id="phone"
        name="phone"
        type="tel"
        inputmode="numeric"
        pattern="1[3-9][0-9]{9}"
        maxlength="11"
        data-pattern-message="field.invalid_mobile"
        autocomplete="off"
        aria-describedby=${p.describedBy}
        aria-invalid=${p.invalid}
        data-test="user-phone"
      />
      ${fieldError(problems, 'phone')}
      <label for="organisationId">${t('admin.users.organisation')}</label>
      <select
        id="organisationId"
        name="organisationId"
        required
        aria-describedby=${o.describedBy}
        aria-invalid=${o.invalid}
        data-test="user-organisation"
      >
        ${organisationOptions(this.organisations)}
      </select>
      ${fieldError(problems, 'organisationId')}
      <label for="role">${t('admin.users.role')}</label>
      <select id="role" name="role" required data-test="user-role">
        ${roleOptions()}
      </select>
      ${fieldError(problems, 'role')}
      <div class="row actions">
        <button type="submit" ?disabled=${this.busy} data-test="user-save">${t('action.create')}</button>
        <button type="button" class="secondary" @click=${() => this.dispatchEvent(new Event('cancel'))}>
          ${t('action.cancel')}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-user-form': UserForm;
  }
  interface HTMLElementEventMap {
    'user-save': UserSaveEvent;
  }
}
