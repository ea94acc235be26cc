import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import type { StudioView } from '../../shared/schemas/reception.js';
import { hasAnyRole } from '../app/nav.js';
import { errorMessage, fieldErrors, type FieldError } from '../data/api.js';
import { listOrganisations } from '../data/organisations.js';
import { createStudio, listStudios, updateStudio } from '../data/reception.js';
import { SessionController } from '../data/session.js';
import type { ActionSubmitEvent } from '../forms/action-event.js';
import { formatDate, formatTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { OrganisationPickEvent } from '../components/organisation-picker.js';
import type { StudioFormBody } from '../components/studio-form.js';
import '../components/organisation-picker.js';
import '../components/studio-form.js';

/**
 * @summary Reception days (党代表接待日): an organisation's studios with their monthly day, the
 * rotating duty roster (who is on duty next), the desk and the waiting-room screen; admins create
 * and edit studios and their rosters.
 */
@customElement('yishi-reception-page')
export class ReceptionPage extends LitElement {
  static override styles = [
    shared,
    css`
      .on-duty {
        font-weight: 700;
      }
      .links a {
        display: inline-flex;
        align-items: center;
        min-height: 48px;
        margin-right: 1rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);
  @state() private orgs: OrganisationView[] = [];
  @state() private organisationId = 0;
  @state() private studios: StudioView[] | null = null;
  /** 'new', a studio id being edited, or null. */
  @state() private editing: 'new' | number | null = null;
  @state() private fields: FieldError[] = [];
  @state() private error = '';
  @state() private done = '';
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    listOrganisations().then(
      (orgs) => {
        this.orgs = orgs.filter((o) => o.kind !== 'grid');
        const first = this.orgs.find((o) => o.kind === 'village') ?? this.orgs[0];
        if (first) this.pick(first.id);
      },
      (err) => (this.error = errorMessage(err)),
    );
  }

  private pick(id: number): void {
    this.organisationId = id;
    this.editing = null;
    this.studios = null;
    void this.attempt(async () => {
      this.studios = await listStudios(id);
    });
  }

  private async attempt(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    this.done = '';
    try {
      await fn();
    } catch (err) {
      this.error = errorMessage(err);
      this.fields = fieldErrors(err);
    } finally {
      this.busy = false;
    }
  }

  private async save(e: ActionSubmitEvent): Promise<void> {
    const body = e.body as StudioFormBody;
    await this.attempt(async () => {
      if (this.editing === 'new') {
        const studio = await createStudio({ organisationId: this.organisationId, ...body });
        this.studios = [...(this.studios ?? []), studio];
        this.done = t('studio.created', { name: studio.name });
      } else if (typeof this.editing === 'number') {
        const studio = await updateStudio(this.editing, body);
        this.studios = (this.studios ?? []).map((s) => (s.id === studio.id ? studio : s));
        this.done = t('studio.saved', { name: studio.name });
      }
      this.editing = null;
      this.fields = [];
    });
  }

  private studioCard(s: StudioView, canEdit: boolean) {
    return html`<article class="card" aria-labelledby="studio-${s.id}" data-test="studio" data-id=${s.id}>
      <h2 id="studio-${s.id}">${s.name}</h2>
      <p>
        ${s.location} ·
        ${t('studio.schedule', { day: s.schedule.dayOfMonth, start: s.schedule.start, end: s.schedule.end })}
      </p>
      <p>
        ${t('studio.next', { date: formatDate(s.next.startsAt), start: formatTime(s.next.startsAt) })}
        ${s.open ? html` · <strong>${t('studio.open_now')}</strong>` : nothing}
      </p>
      <h3>${t('studio.roster')}</h3>
      <ol data-test="roster">
        ${s.roster.map(
          (r) =>
            html`<li class=${r.displayName === s.onDuty ? 'on-duty' : ''}>
              ${r.displayName}${r.displayName === s.onDuty ? html`（${t('studio.on_duty')}）` : nothing}
            </li>`,
        )}
      </ol>
      <p class="links">
        <a href="/reception/${s.id}" data-test="studio-desk">${t('studio.desk')}</a>
        <a href="/s/${s.code}/screen" target="_blank" rel="noopener">${t('studio.screen')}</a>
        <a href=${s.url} target="_blank" rel="noopener">${t('studio.resident_page')}</a>
      </p>
      ${
        canEdit
          ? html`<button
              class="secondary"
              data-test="studio-edit"
              @click=${() => ((this.editing = s.id), (this.fields = []))}
            >
              ${t('action.edit')}
            </button>`
          : nothing
      }
    </article>`;
  }

  override render() {
    const user = this.session.user;
    const canEdit = !!user && hasAnyRole(user, ['admin']);
    const editingStudio =
      typeof this.editing === 'number' ? (this.studios?.find((s) => s.id === this.editing) ?? null) : null;
    return html`<h1>${t('nav.reception')}</h1>
      <p>${t('studio.intro')}</p>
      <yishi-organisation-picker
        .organisations=${this.orgs}
        .selected=${this.organisationId}
        @organisation-pick=${(e: OrganisationPickEvent) => this.pick(e.organisationId)}
      ></yishi-organisation-picker>
      <div role="alert" class="error" data-test="reception-error">${this.error}</div>
      <div role="status" data-test="reception-done">${this.done}</div>
      ${
        canEdit && this.editing === null
          ? html`<p>
              <button data-test="studio-create" @click=${() => ((this.editing = 'new'), (this.fields = []))}>
                ${t('studio.create')}
              </button>
            </p>`
          : nothing
      }
      ${
        this.editing !== null
          ? html`<yishi-studio-form
              .organisationId=${this.organisationId}
              .studio=${editingStudio}
              .fields=${this.fields}
              ?busy=${this.busy}
              @action-submit=${this.save}
              @cancel=${() => (this.editing = null)}
            ></yishi-studio-form>`
          : nothing
      }
      ${
        this.studios === null
          ? html`<p role="status">${t('app.loading')}</p>`
          : this.studios.length
            ? this.studios.map((s) => this.studioCard(s, canEdit))
            : html`<p data-test="studios-none">${t('studio.none')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-reception-page': ReceptionPage;
  }
}
