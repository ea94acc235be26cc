import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { CHILD_KIND } from '../../shared/roles.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import { errorMessage, fieldErrors, type FieldError } from '../data/api.js';
import { childrenMap, createOrganisation, listOrganisations, tops, updateOrganisation } from '../data/organisations.js';
import { watchOrganisations } from '../data/socket.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { OrgSaveEvent } from '../components/org-form.js';
import '../components/org-form.js';

type Editing = { mode: 'create'; parent: OrganisationView } | { mode: 'edit'; org: OrganisationView };

/**
 * @summary The organisation tree (county → township → village → grid) as nested lists: add a
 * child of the one kind allowed under each node, rename, set population figures. Changes made
 * by other admins arrive live over the socket.
 */
@customElement('yishi-organisations-page')
export class OrganisationsPage extends LitElement {
  static override styles = [
    shared,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding-left: 1.25rem;
        border-left: 2px solid #c4cad0;
      }
      .tree {
        padding-left: 0;
        border: none;
      }
      .node {
        padding: 0.25rem 0;
        gap: 0.25rem 0.75rem;
      }
      .name {
        font-weight: 700;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @state() private orgs: OrganisationView[] | null = null;
  @state() private editing: Editing | null = null;
  @state() private error = '';
  @state() private fields: FieldError[] = [];
  @state() private busy = false;
  private unwatch: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatch?.();
    this.unwatch = null;
  }

  private async load(): Promise<void> {
    try {
      this.error = '';
      const orgs = await listOrganisations();
      this.orgs = orgs;
      this.unwatch?.();
      // Changes reach the watchers of every ancestor, so watching the tops covers the whole view.
      this.unwatch = watchOrganisations(
        tops(orgs).map((o) => o.id),
        (o) => this.merge(o),
        (e) => (this.error = e.message),
      );
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private merge(updated: OrganisationView): void {
    const orgs = this.orgs ?? [];
    this.orgs = orgs.some((o) => o.id === updated.id)
      ? orgs.map((o) => (o.id === updated.id ? updated : o))
      : [...orgs, updated];
  }

  private edit(editing: Editing | null): void {
    this.editing = editing;
    this.fields = [];
    this.error = '';
  }

  private async save(e: OrgSaveEvent): Promise<void> {
    const editing = this.editing;
    if (!editing || this.busy) return;
    this.busy = true;
    try {
      const saved =
        editing.mode === 'create'
          ? await createOrganisation({
              name: e.name,
              kind: CHILD_KIND[editing.parent.kind]!,
              parentId: editing.parent.id,
              settings: e.settings,
            })
          : await updateOrganisation(editing.org.id, { name: e.name, settings: e.settings });
      this.merge(saved);
      this.edit(null);
    } catch (err) {
      this.error = errorMessage(err);
      this.fields = fieldErrors(err);
    } finally {
      this.busy = false;
    }
  }

  private form(editing: Editing) {
    const heading =
      editing.mode === 'create'
        ? t('admin.orgs.add_child', {
            kind: t(`orgkind.${CHILD_KIND[editing.parent.kind]}`),
            parent: editing.parent.name,
          })
        : t('admin.orgs.edit', { name: editing.org.name });
    const org = editing.mode === 'edit' ? editing.org : null;
    return html`<yishi-org-form
      .heading=${heading}
      .name=${org?.name ?? ''}
      .settings=${org?.settings ?? {}}
      .fields=${this.fields}
      ?busy=${this.busy}
      @org-save=${this.save}
      @cancel=${() => this.edit(null)}
    ></yishi-org-form>`;
  }

  private node(org: OrganisationView, tree: Map<number, OrganisationView[]>): unknown {
    const children = tree.get(org.id) ?? [];
    const childKind = CHILD_KIND[org.kind];
    const s = org.settings;
    const e = this.editing;
    const editingHere = e && (e.mode === 'edit' ? e.org.id === org.id : e.parent.id === org.id);
    return html`<li data-test="org-node" data-id=${org.id} data-name=${org.name}>
      <div class="node row">
        <span class="name">${org.name}</span>
        <span class="muted">${t(`orgkind.${org.kind}`)}</span>
        ${s.adultPopulation != null ? html`<span class="muted">${t('admin.orgs.population_short', { n: s.adultPopulation })}</span>` : nothing}
        ${s.households != null ? html`<span class="muted">${t('admin.orgs.households_short', { n: s.households })}</span>` : nothing}
        ${s.allowRemoteVoting ? html`<span class="muted" data-test="org-remote-voting">${t('admin.orgs.remote_voting')}</span>` : nothing}
        <button
          class="secondary"
          data-test="org-edit"
          aria-label=${t('admin.orgs.edit', { name: org.name })}
          @click=${() => this.edit({ mode: 'edit', org })}
        >
          ${t('action.edit')}
        </button>
        ${
          childKind
            ? html`<button
                class="secondary"
                data-test="org-add-child"
                aria-label=${t('admin.orgs.add_child', { kind: t(`orgkind.${childKind}`), parent: org.name })}
                @click=${() => this.edit({ mode: 'create', parent: org })}
              >
                ${t('admin.orgs.add', { kind: t(`orgkind.${childKind}`) })}
              </button>`
            : nothing
        }
      </div>
      ${editingHere ? this.form(e) : nothing}
      ${
        children.length
          ? html`<ul>
              ${children.map((c) => this.node(c, tree))}
            </ul>`
          : nothing
      }
    </li>`;
  }

  private tree(orgs: OrganisationView[]) {
    if (!orgs.length) return html`<p data-test="org-tree">${t('admin.orgs.empty')}</p>`;
    const children = childrenMap(orgs);
    return html`<ul class="tree" data-test="org-tree">
      ${tops(orgs).map((o) => this.node(o, children))}
    </ul>`;
  }

  override render() {
    return html`<h1>${t('admin.orgs.title')}</h1>
      <div role="alert" class="error" data-test="orgs-error">${this.error}</div>
      ${this.orgs === null ? html`<p role="status">${t('app.loading')}</p>` : this.tree(this.orgs)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-organisations-page': OrganisationsPage;
  }
}
