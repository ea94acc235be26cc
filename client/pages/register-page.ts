import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { PERSON_STATUSES } from '../../shared/rules/register.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import type { HouseholdView, PersonView, RegisterSummary } from '../../shared/schemas/register.js';
import { LatestRequest } from '../data/latest.js';
import { errorMessage } from '../data/api.js';
import { listOrganisations } from '../data/organisations.js';
import { exportUrl, listHouseholds, listPeople, registerSummary } from '../data/register.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { OrganisationPickEvent } from '../components/organisation-picker.js';
import type { PageEvent } from '../components/pager.js';
import '../components/organisation-picker.js';
import '../components/pager.js';
import '../components/person-panel.js';
import '../components/register-import.js';

type Tab = 'people' | 'households' | 'import';
const LIMIT = 50;

/**
 * @summary The village register (村民名册): people with search and filters by grid, status and
 * household; a person's details, history and status changes (yishi-person-panel); households;
 * the import wizard (yishi-register-import) and exports. Editing is offered only to who may edit.
 */
@customElement('yishi-register-page')
export class RegisterPage extends LitElement {
  static override styles = [
    shared,
    css`
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.5rem;
        border-bottom: 1px solid #d0d7de;
      }
      [role='tablist'] button[aria-selected='true'] {
        font-weight: 700;
        text-decoration: underline;
      }
      .filters input,
      .filters select {
        width: auto;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @state() private orgs: OrganisationView[] = [];
  @state() private villageId = 0;
  @state() private summary: RegisterSummary | null = null;
  @state() private tab: Tab = 'people';
  @state() private people: { items: PersonView[]; total: number } | null = null;
  @state() private households: { items: HouseholdView[]; total: number } | null = null;
  @state() private filters: { q: string; gridId: string; status: string; householdId: string; offset: number } = {
    q: '',
    gridId: '',
    status: '',
    householdId: '',
    offset: 0,
  };
  /** The offset of the list on screen, which the pager names (the asked-for one may be loading). */
  @state() private shownOffset = 0;
  private readonly latest = new LatestRequest();
  @state() private selected: number | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    listOrganisations().then(
      (orgs) => {
        this.orgs = orgs.filter((o) => o.kind === 'village');
        const first = this.orgs[0];
        if (first) void this.pick(first.id);
      },
      (err) => (this.error = errorMessage(err)),
    );
  }

  private async pick(id: number): Promise<void> {
    this.villageId = id;
    this.selected = null;
    this.filters = { q: '', gridId: '', status: '', householdId: '', offset: 0 };
    await this.reload();
  }

  private async reload(): Promise<void> {
    this.error = '';
    try {
      this.summary = await registerSummary(this.villageId);
      const f = this.filters;
      const shown = () => (this.shownOffset = f.offset);
      if (this.tab === 'households')
        await this.latest.run(
          () =>
            listHouseholds(this.villageId, {
              q: f.q || undefined,
              gridId: f.gridId ? Number(f.gridId) : undefined,
              offset: f.offset,
              limit: LIMIT,
            }),
          (page) => ((this.households = page), shown()),
        );
      else
        await this.latest.run(
          () =>
            listPeople(this.villageId, {
              q: f.q || undefined,
              gridId: f.gridId ? Number(f.gridId) : undefined,
              status: (f.status || undefined) as PersonView['status'] | undefined,
              householdId: f.householdId ? Number(f.householdId) : undefined,
              offset: f.offset,
              limit: LIMIT,
            }),
          (page) => ((this.people = page), shown()),
        );
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private filter(change: Partial<RegisterPage['filters']>): void {
    this.filters = { ...this.filters, offset: 0, ...change };
    void this.reload();
  }

  private show(tab: Tab): void {
    this.tab = tab;
    this.filters = { ...this.filters, offset: 0 };
    if (tab !== 'import') void this.reload();
  }

  private renderFilters() {
    const s = this.summary;
    return html`<div class="row filters" role="search">
      <input
        type="search"
        aria-label=${t('register.search')}
        placeholder=${t('register.search')}
        .value=${this.filters.q}
        data-test="register-search"
        @change=${(e: Event) => this.filter({ q: (e.target as HTMLInputElement).value.trim() })}
      />
      <select
        aria-label=${t('register.col.grid')}
        @change=${(e: Event) => this.filter({ gridId: (e.target as HTMLSelectElement).value })}
      >
        <option value="">${t('register.all_grids')}</option>
        ${s?.grids.map((g) => html`<option value=${g.id}>${g.name}</option>`)}
      </select>
      ${
        this.tab === 'people'
          ? html`<select
              aria-label=${t('register.col.status')}
              data-test="register-status-filter"
              @change=${(e: Event) => this.filter({ status: (e.target as HTMLSelectElement).value })}
            >
              <option value="">${t('register.all_statuses')}</option>
              ${PERSON_STATUSES.map((st) => html`<option value=${st}>${t(`register.status.${st}`)}</option>`)}
            </select>`
          : ''
      }
    </div>`;
  }

  private renderPeople() {
    const page = this.people;
    if (!page) return html`<p role="status">${t('app.loading')}</p>`;
    if (!page.total && !this.filters.q) return html`<p>${t('register.empty')}</p>`;
    return html`<table data-test="register-people">
        <thead>
          <tr>
            <th>${t('register.col.name')}</th>
            <th>${t('register.col.gender')}</th>
            <th>${t('register.col.birth_year')}</th>
            <th>${t('register.col.household')}</th>
            <th>${t('register.col.grid')}</th>
            <th>${t('register.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          ${page.items.map(
            (p) =>
              html`<tr>
                <td>
                  <a
                    href="#"
                    data-test="person-link"
                    @click=${(e: Event) => {
                      e.preventDefault();
                      this.selected = p.id;
                    }}
                    >${p.name}</a
                  >
                </td>
                <td>${t(`register.gender.${p.gender}`)}</td>
                <td>${p.birthYear ?? (p.adult ? t('register.col.adult') : '')}</td>
                <td>
                  ${
                    p.householdNumber
                      ? html`<a
                          href="#"
                          @click=${(e: Event) => {
                            e.preventDefault();
                            this.filter({ householdId: String(p.householdId) });
                          }}
                          >${p.householdNumber}${p.isHead ? ` (${t('register.col.head')})` : ''}</a
                        >`
                      : ''
                  }
                </td>
                <td>${p.gridName ?? ''}</td>
                <td data-test="person-status">${t(`register.status.${p.status}`)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <yishi-pager
        .offset=${this.shownOffset}
        .limit=${LIMIT}
        .total=${page.total}
        @page=${(e: PageEvent) => {
          this.filters = { ...this.filters, offset: e.offset };
          void this.reload();
        }}
      ></yishi-pager>`;
  }

  private renderHouseholds() {
    const page = this.households;
    if (!page) return html`<p role="status">${t('app.loading')}</p>`;
    return html`<table data-test="register-households">
        <thead>
          <tr>
            <th>${t('register.col.household')}</th>
            <th>${t('register.col.head')}</th>
            <th>${t('register.col.grid')}</th>
            <th>${t('register.col.members')}</th>
            <th>${t('register.col.villagers')}</th>
            <th>${t('register.col.address')}</th>
          </tr>
        </thead>
        <tbody>
          ${page.items.map(
            (h) =>
              html`<tr>
                <td>
                  <a
                    href="#"
                    @click=${(e: Event) => {
                      e.preventDefault();
                      this.tab = 'people';
                      this.filter({ householdId: String(h.id), q: '' });
                    }}
                    >${h.number}</a
                  >
                </td>
                <td>${h.headName ?? t('register.households.head_none')}</td>
                <td>${h.gridName ?? ''}</td>
                <td>${h.members}</td>
                <td>${h.villagers}</td>
                <td>${h.address ?? ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <yishi-pager
        .offset=${this.shownOffset}
        .limit=${LIMIT}
        .total=${page.total}
        @page=${(e: PageEvent) => {
          this.filters = { ...this.filters, offset: e.offset };
          void this.reload();
        }}
      ></yishi-pager>`;
  }

  override render() {
    const s = this.summary;
    const tabs: Tab[] = s?.canEdit ? ['people', 'households', 'import'] : ['people', 'households'];
    return html`<h1>${t('register.title')}</h1>
      <yishi-organisation-picker
        .organisations=${this.orgs}
        .selected=${this.villageId}
        .label=${t('register.village')}
        @organisation-pick=${(e: OrganisationPickEvent) => void this.pick(e.organisationId)}
      ></yishi-organisation-picker>
      ${
        s
          ? html`<p data-test="register-summary">
              ${t('register.summary', { people: s.people, adults: s.adults, households: s.households })}
            </p>`
          : ''
      }
      ${
        s?.canEdit
          ? html`<p class="row">
              <a href=${exportUrl(this.villageId, 'xlsx')} download data-test="export-xlsx"
                >${t('register.export.xlsx')}</a
              >
              <a href=${exportUrl(this.villageId, 'csv')} download>${t('register.export.csv')}</a>
            </p>`
          : ''
      }
      <div role="alert" class="error">${this.error}</div>
      <div role="tablist" class="row">
        ${tabs.map(
          (tab) =>
            html`<button
              role="tab"
              class="secondary"
              data-test=${`tab-${tab}`}
              aria-selected=${this.tab === tab ? 'true' : 'false'}
              @click=${() => this.show(tab)}
            >
              ${t(`register.tab.${tab}`)}
            </button>`,
        )}
      </div>
      ${
        this.tab === 'import'
          ? html`<yishi-register-import
              .villageId=${this.villageId}
              @register-imported=${() => {
                this.tab = 'people';
                void this.reload();
              }}
            ></yishi-register-import>`
          : html`${this.renderFilters()} ${this.tab === 'people' ? this.renderPeople() : this.renderHouseholds()}`
      }
      ${
        this.selected != null
          ? html`<yishi-person-panel
              .personId=${this.selected}
              .canEdit=${Boolean(s?.canEdit)}
              .grids=${s?.grids ?? []}
              @person-changed=${() => void this.reload()}
              @close=${() => (this.selected = null)}
            ></yishi-person-panel>`
          : ''
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-register-page': RegisterPage;
  }
}
