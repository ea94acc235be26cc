import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { OrganisationSettings } from '../../shared/schemas/organisation.js';
import type { FieldError } from '../data/api.js';
import { describedBy, fieldError, focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** A valid organisation form was submitted. */
export class OrgSaveEvent extends Event {
  static readonly type = 'org-save';
  constructor(
    readonly name: string,
    readonly settings: OrganisationSettings,
  ) {
    super(OrgSaveEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary Name and population figures of an organisation, for a new child or an edit. The
 * figures feed quorum rules later, so they are whole numbers ≥ 0, and empty means "not known".
 * @event org-save - OrgSaveEvent with the name and settings
 * @event cancel - the user gave up
 */
@customElement('yishi-org-form')
export class OrgForm extends LitElement {
  static override styles = [
    shared,
    css`
      form {
        max-width: 34rem;
        margin: 0.5rem 0 1rem;
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
    `,
  ];
  private readonly i18n = new LocaleController(this);
  /** The form's heading, e.g. 在“城关镇”下添加村/社区. */
  @property() heading = '';
  @property() name = '';
  @property({ attribute: false }) settings: OrganisationSettings = {};
  @property({ attribute: false }) fields: FieldError[] = [];
  @property({ type: Boolean }) busy = false;
  @state() private local: FieldError[] = [];
  @query('form') private form!: HTMLFormElement;

  override firstUpdated(): void {
    this.form.querySelector<HTMLInputElement>('#name')?.focus();
  }

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
    const settings: OrganisationSettings = {};
    for (const key of ['adultPopulation', 'households'] as const) {
      const value = String(data.get(key) ?? '').trim();
      if (value !== '') settings[key] = Number(value);
    }
    const remote = data.get('allowRemoteVoting');
    if (remote === 'true' || remote === 'false') settings.allowRemoteVoting = remote === 'true';
    this.dispatchEvent(new OrgSaveEvent(String(data.get('name')).trim(), settings));
  }

  private numberField(key: 'adultPopulation' | 'households', labelKey: string, problems: FieldError[]) {
    return html`<label for=${key}>${t(labelKey)}</label>
      <input
        id=${key}
        name=${key}
        type="number"
        min="0"
        max="10000000"
        step="1"
        inputmode="numeric"
        .value=${String(this.settings[key] ?? '')}
        aria-describedby=${describedBy(problems, key)}
        aria-invalid=${invalid(problems, key)}
        data-test="org-${key}"
      />
      ${fieldError(problems, key)}`;
  }

  override render() {
    const problems = this.local.length ? this.local : this.fields;
    return html`<form
      class="card"
      novalidate
      @submit=${this.submit}
      data-test="org-form"
      aria-labelledby="org-form-title"
    >
      <h2 id="org-form-title">${this.heading}</h2>
      <label for="name">${t('admin.orgs.name')}</label>
      <input
        id="name"
        name="name"
        required
        minlength="2"
        maxlength="60"
        autocomplete="off"
        .value=${this.name}
        aria-describedby=${describedBy(problems, 'name')}
        aria-invalid=${invalid(problems, 'name')}
        data-test="org-name"
      />
      ${fieldError(problems, 'name')} ${this.numberField('adultPopulation', 'admin.orgs.adult_population', problems)}
      ${this.numberField('households', 'admin.orgs.households', problems)}
      <label for="allowRemoteVoting">${t('vote.org.remote_voting')}</label>
      <select id="allowRemoteVoting" name="allowRemoteVoting" data-test="org-remote-voting">
        ${(['', 'true', 'false'] as const).map(
          (v) =>
            html`<option value=${v} ?selected=${String(this.settings.allowRemoteVoting ?? '') === v}>
              ${t(v === '' ? 'vote.org.remote_inherit' : v === 'true' ? 'vote.org.remote_allow' : 'vote.org.remote_deny')}
            </option>`,
        )}
      </select>
      <div class="row actions">
        <button type="submit" ?disabled=${this.busy} data-test="org-save">${t('action.save')}</button>
        <button type="button" class="secondary" @click=${() => this.dispatchEvent(new Event('cancel'))}>
          ${t('action.cancel')}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-org-form': OrgForm;
  }
  interface HTMLElementEventMap {
    'org-save': OrgSaveEvent;
  }
}
