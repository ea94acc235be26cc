import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FLAGS, PROCEDURE_KINDS, STAGES } from '../../shared/rules/procedure.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import type { ProcedureStats, ProcedureSummary } from '../../shared/schemas/procedure.js';
import { errorMessage } from '../data/api.js';
import { listOrganisations } from '../data/organisations.js';
import { listProcedures, procedureStats, watchProcedures } from '../data/procedures.js';
import { formatDate } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary /procedures/township (镇街监督): every village's major matters under a township or
 * county — stage, dates per stage, flags — with filters by village, kind and flag, the summary
 * (opened, completed, returned, average days per stage), and live updates.
 */
@customElement('yishi-township-page')
export class TownshipPage extends LitElement {
  static override styles = [
    shared,
    css`
      .flag {
        color: #a00;
        font-weight: 700;
      }
      .cards {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @state() private nodes: OrganisationView[] = [];
  @state() private node = 0;
  @state() private filters: { village?: number; kind?: string; flag?: string } = {};
  @state() private items: ProcedureSummary[] = [];
  @state() private total = 0;
  @state() private stats: ProcedureStats | null = null;
  @state() private error = '';
  private stop: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void listOrganisations().then(
      (orgs) => {
        this.nodes = orgs.filter((o) => o.kind === 'county' || o.kind === 'township');
        this.node = this.nodes.find((o) => o.kind === 'township')?.id ?? this.nodes[0]?.id ?? orgs[0]?.id ?? 0;
        this.follow();
      },
      (err) => (this.error = errorMessage(err)),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
  }

  private follow(): void {
    this.stop?.();
    if (!this.node) return;
    this.stop = watchProcedures(this.node, (p) => {
      // A changed matter moves to the top; the summary is re-read (it is one query).
      this.items = [p, ...this.items.filter((x) => x.id !== p.id)].filter((x) => this.keeps(x));
      void procedureStats(this.node).then((s) => (this.stats = s));
    });
    void this.load();
  }

  private keeps(p: ProcedureSummary): boolean {
    const f = this.filters;
    return (
      (!f.kind || p.kind === f.kind) &&
      (!f.flag || p.flags.includes(f.flag as never)) &&
      (!f.village || p.organisationId === f.village)
    );
  }

  private async load(): Promise<void> {
    try {
      const [list, stats] = await Promise.all([
        listProcedures({ organisationId: this.node, ...this.filters, limit: 100 }),
        procedureStats(this.node),
      ]);
      this.items = list.items;
      this.total = list.total;
      this.stats = stats;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private set(key: 'village' | 'kind' | 'flag', value: string): void {
    this.filters = { ...this.filters, [key]: value ? (key === 'village' ? Number(value) : value) : undefined };
    void this.load();
  }

  private summary(s: ProcedureStats) {
    const card = (key: string, n: number) =>
      html`<div data-test="stat-${key}"><strong>${n}</strong> ${t(`procedure.summary.${key}`)}</div>`;
    return html`<div class="cards">
        ${card('opened', s.opened)} ${card('open', s.open)} ${card('completed', s.completed)} ${card('ended', s.ended)}
        ${card('returned', s.returned)} ${card('flagged', s.flagged)}
      </div>
      <p>
        ${t('procedure.summary.average')}：
        ${STAGES.map((st, i) => `${t(`procedure.stage.${st}`)} ${s.averageDays[i] ?? '—'}`).join(' · ')}
      </p>`;
  }

  override render() {
    const s = this.stats;
    return html`<h1>${t('procedure.township')}</h1>
      <div role="alert" class="error">${this.error}</div>
      <label
        >${t('procedure.field.village')}
        <select
          @change=${(e: Event) => {
            this.node = Number((e.target as HTMLSelectElement).value);
            this.filters = {};
            this.follow();
          }}
        >
          ${this.nodes.map((o) => html`<option value=${o.id} ?selected=${o.id === this.node}>${o.name}</option>`)}
        </select></label
      >
      ${s ? this.summary(s) : nothing}
      <form data-test="filters">
        <label
          >${t('procedure.field.village')}
          <select name="village" @change=${(e: Event) => this.set('village', (e.target as HTMLSelectElement).value)}>
            <option value="">${t('procedure.all')}</option>
            ${(s?.villages ?? []).map((v) => html`<option value=${v.id}>${v.name}</option>`)}
          </select></label
        >
        <label
          >${t('procedure.field.kind')}
          <select name="kind" @change=${(e: Event) => this.set('kind', (e.target as HTMLSelectElement).value)}>
            <option value="">${t('procedure.all')}</option>
            ${PROCEDURE_KINDS.map((k) => html`<option value=${k}>${t(`procedure.kind.${k}`)}</option>`)}
          </select></label
        >
        <label
          >${t('procedure.field.flag')}
          <select name="flag" @change=${(e: Event) => this.set('flag', (e.target as HTMLSelectElement).value)}>
            <option value="">${t('procedure.all')}</option>
            ${FLAGS.map((f) => html`<option value=${f}>${t(`procedure.flag.${f}`)}${s ? `（${s.byFlag[f] ?? 0}）` : ''}</option>`)}
          </select></label
        >
      </form>
      <p>${this.total}</p>
      <table>
        <thead>
          <tr>
            <th>${t('procedure.field.village')}</th>
            <th>${t('procedure.field.title')}</th>
            <th>${t('procedure.field.state')}</th>
            ${STAGES.map((st) => html`<th>${t(`procedure.stage.${st}`)}</th>`)}
            <th>${t('procedure.field.flag')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.items.map(
            (p) =>
              html`<tr data-test="township-row" data-id=${p.id}>
                <td>${p.organisationName}</td>
                <td><a href="/procedures/${p.id}">${p.title}</a></td>
                <td>${t(`procedure.step.${p.step}`)}</td>
                ${p.stagePassedAt.map((d) => html`<td>${d ? formatDate(d) : '—'}</td>`)}
                <td>
                  ${p.flags.map((f) => html`<span class="flag" data-flag=${f}>${t(`procedure.flag.${f}`)}</span> `)}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-township-page': TownshipPage;
  }
}
