import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { IntakeCodeView } from '../../shared/schemas/intake.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import { confirmAction } from '../app/dialogs.js';
import { errorMessage } from '../data/api.js';
import { createIntakeCode, listIntakeCodes, updateIntakeCode } from '../data/intake-codes.js';
import { listOrganisations } from '../data/organisations.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { IntakeCodeChangeEvent } from '../components/intake-code-card.js';
import type { OrganisationPickEvent } from '../components/organisation-picker.js';
import '../components/intake-code-card.js';
import '../components/organisation-picker.js';

/**
 * @summary Intake codes (码上议): pick an organisation, see its printed codes with QR previews,
 * create one with a label, relabel, disable (asks first) or enable, and download the QR as PNG
 * or SVG and the printable A4 poster.
 */
@customElement('yishi-intake-codes-page')
export class IntakeCodesPage extends LitElement {
  static override styles = [
    shared,
    css`
      .create input {
        flex: 1 1 14rem;
        width: auto;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @state() private orgs: OrganisationView[] = [];
  @state() private organisationId = 0;
  @state() private codes: IntakeCodeView[] | null = null;
  @state() private error = '';
  @state() private done = '';
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    listOrganisations().then(
      (orgs) => {
        this.orgs = orgs;
        // Villages are where codes are usually printed; start at the first one.
        const first = orgs.find((o) => o.kind === 'village') ?? orgs[0];
        if (first) this.pick(first.id);
      },
      (err) => (this.error = errorMessage(err)),
    );
  }

  private pick(id: number): void {
    this.organisationId = id;
    this.codes = null;
    void this.attempt(async () => {
      this.codes = await listIntakeCodes(id);
    });
  }

  private async attempt(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await fn();
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const label = String(new FormData(form).get('label') ?? '').trim();
    if (!label) {
      this.error = t('codes.label_required');
      return;
    }
    await this.attempt(async () => {
      const code = await createIntakeCode(this.organisationId, label);
      this.codes = [...(this.codes ?? []), code];
      this.done = t('codes.created', { label: code.label });
      form.reset();
    });
  }

  private async change(e: IntakeCodeChangeEvent): Promise<void> {
    if (e.change.disabled === true) {
      const ok = await confirmAction(t('codes.confirm_disable', { label: e.code.label }), t('codes.disable'));
      if (!ok) return;
    }
    await this.attempt(async () => {
      const updated = await updateIntakeCode(e.code.id, e.change);
      this.codes = (this.codes ?? []).map((c) => (c.id === updated.id ? updated : c));
      this.done = t(
        e.change.disabled === true
          ? 'codes.done_disabled'
          : e.change.disabled === false
            ? 'codes.done_enabled'
            : 'codes.done_saved',
      );
    });
  }

  override render() {
    return html`<h1>${t('nav.intake_codes')}</h1>
      <p>${t('codes.intro')}</p>
      <yishi-organisation-picker
        .organisations=${this.orgs}
        .selected=${this.organisationId}
        @organisation-pick=${(e: OrganisationPickEvent) => this.pick(e.organisationId)}
      ></yishi-organisation-picker>
      <form class="row create card" @submit=${this.create} data-test="code-create">
        <label for="new-label">${t('codes.new_label')}</label>
        <input id="new-label" name="label" required maxlength="40" placeholder=${t('codes.label_example')} />
        <button type="submit" ?disabled=${this.busy || !this.organisationId}>${t('codes.create')}</button>
      </form>
      <div role="alert" class="error" data-test="codes-error">${this.error}</div>
      <div role="status" data-test="codes-done">${this.done}</div>
      ${
        this.codes === null
          ? html`<p role="status">${t('app.loading')}</p>`
          : this.codes.length
            ? html`<div data-test="codes">
                ${this.codes.map(
                  (c) =>
                    html`<yishi-intake-code-card
                      .code=${c}
                      ?busy=${this.busy}
                      @intake-code-change=${this.change}
                    ></yishi-intake-code-card>`,
                )}
              </div>`
            : html`<p data-test="codes">${t('codes.none')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-intake-codes-page': IntakeCodesPage;
  }
}
