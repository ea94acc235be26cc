import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { PROCEDURE_KINDS } from '../../shared/rules/procedure.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import type { ProcedureSummary } from '../../shared/schemas/procedure.js';
import { errorMessage } from '../data/api.js';
import { listOrganisations } from '../data/organisations.js';
import { listProcedures, openProcedure } from '../data/procedures.js';
import { formatDate } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { navigate } from '../app/router.js';

/**
 * @summary /procedures: a village's major matters (四议两公开) and the form that opens one; each
 * row links to the matter's page. The township's view is /procedures/township.
 */
@customElement('yishi-procedures-page')
export class ProceduresPage extends LitElement {
  static override styles = [shared];
  private readonly i18n = new LocaleController(this);
  @state() private villages: OrganisationView[] = [];
  @state() private village = 0;
  @state() private items: ProcedureSummary[] = [];
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void listOrganisations().then(
      (orgs) => {
        this.villages = orgs.filter((o) => o.kind === 'village');
        this.village = this.villages[0]?.id ?? 0;
        void this.load();
      },
      (err) => (this.error = errorMessage(err)),
    );
  }

  private async load(): Promise<void> {
    if (!this.village) return;
    try {
      this.items = (await listProcedures({ organisationId: this.village, limit: 200 })).items;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      const created = await openProcedure({
        organisationId: this.village,
        kind: String(data.get('kind')),
        title: String(data.get('title')),
        text: String(data.get('text')),
      });
      navigate(`/procedures/${created.id}`);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  override render() {
    return html`<h1>${t('procedure.title')}</h1>
      <p><a href="/procedures/township">${t('procedure.township')}</a></p>
      <div role="alert" class="error">${this.error}</div>
      <label
        >${t('procedure.field.village')}
        <select
          @change=${(e: Event) => {
            this.village = Number((e.target as HTMLSelectElement).value);
            void this.load();
          }}
        >
          ${this.villages.map((v) => html`<option value=${v.id} ?selected=${v.id === this.village}>${v.name}</option>`)}
        </select></label
      >
      <table>
        <thead>
          <tr>
            <th>${t('procedure.field.title')}</th>
            <th>${t('procedure.field.kind')}</th>
            <th>${t('procedure.field.state')}</th>
            <th>${t('procedure.field.flag')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.items.map(
            (p) =>
              html`<tr data-test="procedure-row" data-id=${p.id}>
                <td><a href="/procedures/${p.id}">${p.title}</a> <small>${formatDate(p.openedAt)}</small></td>
                <td>${t(`procedure.kind.${p.kind}`)}</td>
                <td>${t(`procedure.step.${p.step}`)}</td>
                <td>${p.flags.map((f) => t(`procedure.flag.${f}`)).join('、')}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${this.items.length ? '' : html`<p>${t('procedure.none')}</p>`}
      <h2>${t('procedure.new')}</h2>
      <form @submit=${this.submit} data-test="open-procedure">
        <label
          >${t('procedure.field.kind')}
          <select name="kind" required>
            ${PROCEDURE_KINDS.map((k) => html`<option value=${k}>${t(`procedure.kind.${k}`)}</option>`)}
          </select></label
        >
        <label>${t('procedure.field.title')} <input name="title" required minlength="2" maxlength="80" /></label>
        <label
          >${t('procedure.field.text')} <textarea name="text" required rows="6" maxlength="20000"></textarea>
        </label>
        <button type="submit">${t('procedure.action.open')}</button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-procedures-page': ProceduresPage;
  }
}
