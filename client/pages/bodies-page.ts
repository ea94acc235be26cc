import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { chinaDate } from '../../shared/rules/register.js';
import { BODY_KINDS, ROLES_OF, type BodyDetail, type BodyView } from '../../shared/schemas/bodies.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import type { PersonView } from '../../shared/schemas/register.js';
import { confirmAction } from '../app/dialogs.js';
import { errorMessage } from '../data/api.js';
import { listOrganisations } from '../data/organisations.js';
import {
  addMember,
  createBody,
  endMember,
  getBody,
  listBodies,
  listPeople,
  printPassSheet,
  registerSummary,
} from '../data/register.js';
import { currentUser } from '../data/session.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { OrganisationPickEvent } from '../components/organisation-picker.js';
import '../components/organisation-picker.js';
import type { SeatEndEvent } from '../components/body-members.js';
import '../components/body-members.js';

/**
 * @summary Deliberating bodies (议事主体) of a village: who each counts on a day, the
 * representatives' meeting's composition warnings (four fifths representatives, one third
 * women), a body's seats with their start and end dates, adding and ending seats, and the A4
 * sheet of personal passes (参会证) to print. `?body=<id>` opens that body (the start-up output
 * links the demo meeting's body here).
 */
@customElement('yishi-bodies-page')
export class BodiesPage extends LitElement {
  static override styles = [
    shared,
    css`
      .warning {
        color: #a4161a;
        font-weight: 600;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @state() private orgs: OrganisationView[] = [];
  @state() private villageId = 0;
  @state() private on = chinaDate(new Date());
  @state() private bodies: BodyView[] | null = null;
  @state() private body: BodyDetail | null = null;
  @state() private canEdit = false;
  @state() private candidates: PersonView[] = [];
  @state() private error = '';
  @state() private done = '';

  override connectedCallback(): void {
    super.connectedCallback();
    const asked = Number(new URLSearchParams(location.search).get('body')) || 0;
    listOrganisations().then(
      async (orgs) => {
        this.orgs = orgs.filter((o) => o.kind === 'village');
        const wanted = asked ? await getBody(asked, this.on).catch(() => null) : null;
        const village = wanted?.organisationId ?? this.orgs[0]?.id;
        if (village) await this.pick(village);
        if (wanted) this.body = wanted;
      },
      (err) => (this.error = errorMessage(err)),
    );
  }

  private async attempt(fn: () => Promise<void>): Promise<void> {
    this.error = '';
    this.done = '';
    try {
      await fn();
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private pick(id: number): Promise<void> {
    this.villageId = id;
    this.body = null;
    return this.attempt(async () => {
      this.canEdit = (await registerSummary(id)).canEdit;
      this.bodies = await listBodies(id, this.on);
    });
  }

  private open(id: number): Promise<void> {
    return this.attempt(async () => {
      this.body = await getBody(id, this.on);
    });
  }

  private create(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    void this.attempt(async () => {
      this.body = await createBody(this.villageId, {
        kind: String(f.get('kind')) as BodyView['kind'],
        name: String(f.get('name') ?? '').trim(),
        guestsVote: f.get('guestsVote') === 'on',
        maxProxies: 0,
      });
      this.bodies = await listBodies(this.villageId, this.on);
      this.done = t('bodies.created');
      form.reset();
    });
  }

  private search(q: string): void {
    void this.attempt(async () => {
      this.candidates = q ? (await listPeople(this.villageId, { q, limit: 20 })).items : [];
    });
  }

  private add(e: SubmitEvent): void {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const body = this.body!;
    void this.attempt(async () => {
      this.body = await addMember(body.id, {
        personId: Number(f.get('personId')),
        role: String(f.get('role')) as BodyDetail['members'][number]['role'],
        startsOn: String(f.get('startsOn')),
        endsOn: String(f.get('endsOn') ?? '') || null,
      });
      this.bodies = await listBodies(this.villageId, this.on);
    });
  }

  private end(memberId: number, endsOn: string): void {
    const body = this.body!;
    void this.attempt(async () => {
      this.body = await endMember(body.id, memberId, endsOn);
      this.bodies = await listBodies(this.villageId, this.on);
    });
  }

  /** Issues new passes for every current seat and opens the PDF (the earlier cards stop working). */
  private async printPasses(bodyId: number): Promise<void> {
    if (!(await confirmAction(t('bodies.passes.print_confirm'), t('bodies.passes.print_yes')))) return;
    await this.attempt(async () => {
      const pdf = await printPassSheet(bodyId);
      const url = URL.createObjectURL(pdf);
      const a = document.createElement('a');
      a.href = url;
      a.download = `passes-${bodyId}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.done = t('bodies.passes.printed');
    });
  }

  private summaryOf(b: BodyView) {
    const c = b.composition;
    return b.kind === 'villagers_assembly'
      ? t('bodies.assembly_members', { members: c.members, households: c.households ?? 0 })
      : `${t('bodies.members', { members: c.members })} · ${t('bodies.composition', { ...c, households: c.households ?? 0 })}`;
  }

  private renderBody(b: BodyDetail) {
    const roles = ROLES_OF[b.kind];
    // Passes are the organisers' (admin, convener): the server decides, this only hides buttons others cannot use.
    const organiser = !!currentUser()?.memberships.some((m) => m.role === 'admin' || m.role === 'convener');
    return html`<section class="card" data-test="body-detail">
      <h2>${b.name}</h2>
      <p>${this.summaryOf(b)}</p>
      ${b.warnings.map((w) => html`<p class="warning" role="note" data-test="body-warning">${t(`bodies.warning.${w}`)}</p>`)}
      ${
        b.kind !== 'villagers_assembly' && organiser
          ? html`<p>
              <button class="secondary" data-test="print-passes" @click=${() => void this.printPasses(b.id)}>
                ${t('bodies.passes.print')}
              </button>
              ${t('bodies.passes.note')}
            </p>`
          : ''
      }
      ${
        b.kind === 'villagers_assembly'
          ? html`<p>${t('bodies.assembly_note')}</p>`
          : html`<yishi-body-members
              .body=${b}
              .on=${this.on}
              ?canEdit=${this.canEdit}
              ?canIssue=${organiser}
              @seat-end=${(e: SeatEndEvent) => this.end(e.memberId, e.endsOn)}
            ></yishi-body-members>`
      }
      ${
        this.canEdit && roles.length
          ? html`<h3>${t('bodies.add_member')}</h3>
              <form class="card" data-test="member-form" @submit=${this.add}>
                <label
                  >${t('bodies.person')}
                  <input
                    type="search"
                    @change=${(e: Event) => this.search((e.target as HTMLInputElement).value.trim())}
                /></label>
                <select name="personId" required aria-label=${t('bodies.col.name')}>
                  ${this.candidates.map(
                    (p) =>
                      html`<option value=${p.id}>${p.name} · ${p.householdNumber ?? ''} · ${p.gridName ?? ''}</option>`,
                  )}
                </select>
                <select name="role" aria-label=${t('bodies.col.role')}>
                  ${roles.map((r) => html`<option value=${r}>${t(`bodies.role.${r}`)}</option>`)}
                </select>
                <label>${t('bodies.starts_on')} <input type="date" name="startsOn" required .value=${this.on} /></label>
                <label>${t('bodies.ends_on')} <input type="date" name="endsOn" /></label>
                <button type="submit">${t('bodies.add_member')}</button>
              </form>`
          : ''
      }
    </section>`;
  }

  override render() {
    return html`<h1>${t('bodies.title')}</h1>
      <yishi-organisation-picker
        .organisations=${this.orgs}
        .selected=${this.villageId}
        .label=${t('bodies.village')}
        @organisation-pick=${(e: OrganisationPickEvent) => void this.pick(e.organisationId)}
      ></yishi-organisation-picker>
      <label
        >${t('bodies.on')}
        <input
          type="date"
          .value=${this.on}
          @change=${(e: Event) => {
            this.on = (e.target as HTMLInputElement).value || chinaDate(new Date());
            void this.pick(this.villageId);
          }}
      /></label>
      <div role="alert" class="error">${this.error}</div>
      <div role="status" data-test="bodies-done">${this.done}</div>
      ${
        this.bodies === null
          ? html`<p role="status">${t('app.loading')}</p>`
          : html`<ul data-test="bodies">
              ${this.bodies.map(
                (b) =>
                  html`<li>
                    <strong>${b.name}</strong>
                    (${t(`bodies.kind.${b.kind}`)})${b.archived ? ` · ${t('bodies.archived')}` : ''} ·
                    ${this.summaryOf(b)}
                    ${b.warnings.map((w) => html`<span class="warning"> · ${t(`bodies.warning.${w}`)}</span>`)}
                    <button class="secondary" @click=${() => void this.open(b.id)}>${t('bodies.open')}</button>
                  </li>`,
              )}
            </ul>`
      }
      ${this.body ? this.renderBody(this.body) : ''}
      ${
        this.canEdit
          ? html`<h2>${t('bodies.create')}</h2>
              <form class="card" @submit=${this.create}>
                <label
                  >${t('bodies.kind')}
                  <select name="kind">
                    ${BODY_KINDS.map((k) => html`<option value=${k}>${t(`bodies.kind.${k}`)}</option>`)}
                  </select></label
                >
                <label>${t('bodies.name')} <input name="name" required maxlength="60" /></label>
                <label><input type="checkbox" name="guestsVote" /> ${t('bodies.guests_vote')}</label>
                <button type="submit">${t('bodies.create')}</button>
              </form>`
          : ''
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-bodies-page': BodiesPage;
  }
}
