import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { PERSON_STATUSES, chinaDate } from '../../shared/rules/register.js';
import type { PersonDetail } from '../../shared/schemas/register.js';
import { errorMessage } from '../data/api.js';
import { changeStatus, getPerson, updatePerson } from '../data/register.js';
import { formatDateTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary One person on the register: details, dated status history, seats in bodies and the
 * household; for editors an edit form and a status change with its date and reason.
 * @event person-changed - the person was edited or their status changed
 * @event close - the person asked to close the panel
 */
@customElement('yishi-person-panel')
export class PersonPanel extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        margin-top: 1.5rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 1rem;
      }
      dd {
        margin: 0;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ type: Number }) personId = 0;
  @property({ type: Boolean }) canEdit = false;
  @property({ attribute: false }) grids: { id: number; name: string }[] = [];
  @state() private person: PersonDetail | null = null;
  @state() private error = '';
  @state() private done = '';
  @state() private busy = false;

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('personId') && this.personId) {
      this.person = null;
      getPerson(this.personId).then(
        (p) => (this.person = p),
        (err) => (this.error = errorMessage(err)),
      );
    }
  }

  private async act(fn: () => Promise<PersonDetail>, done: string): Promise<void> {
    this.busy = true;
    this.error = '';
    this.done = '';
    try {
      this.person = await fn();
      this.done = done;
      this.dispatchEvent(new Event('person-changed', { bubbles: true, composed: true }));
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private save(e: SubmitEvent): void {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const year = text('birthYear');
    void this.act(
      () =>
        updatePerson(this.personId, {
          name: text('name'),
          gender: text('gender') as PersonDetail['gender'],
          birthYear: year ? Number(year) : null,
          householdNumber: text('household') || null,
          relation: text('relation') || null,
          gridId: text('gridId') ? Number(text('gridId')) : null,
          phone: text('phone'),
          partyMember: f.get('party') === 'on',
        }),
      t('register.person.saved'),
    );
  }

  private status(e: SubmitEvent): void {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    void this.act(
      () =>
        changeStatus(this.personId, {
          status: String(f.get('status')) as PersonDetail['status'],
          effectiveOn: String(f.get('effectiveOn')),
          reason: String(f.get('reason') ?? '').trim(),
        }),
      t('register.person.status_recorded'),
    );
  }

  private renderForms(p: PersonDetail) {
    const today = chinaDate(new Date());
    return html`<h3>${t('register.person.change_status')}</h3>
      <form class="card" data-test="status-form" @submit=${this.status}>
        <label
          >${t('register.person.new_status')}
          <select name="status">
            ${PERSON_STATUSES.map(
              (s) => html`<option value=${s} ?selected=${s === p.status}>${t(`register.status.${s}`)}</option>`,
            )}
          </select></label
        >
        <label
          >${t('register.person.effective_on')}
          <input type="date" name="effectiveOn" required .value=${today} max=${today}
        /></label>
        <label>${t('register.person.reason')} <input name="reason" required maxlength="200" /></label>
        <button type="submit" ?disabled=${this.busy}>${t('register.person.record_status')}</button>
      </form>
      <h3>${t('register.person.edit')}</h3>
      <form class="card" data-test="person-form" @submit=${this.save}>
        <label>${t('register.col.name')} <input name="name" required maxlength="40" .value=${p.name} /></label>
        <label
          >${t('register.col.gender')}
          <select name="gender">
            ${(['female', 'male', 'unknown'] as const).map(
              (g) => html`<option value=${g} ?selected=${g === p.gender}>${t(`register.gender.${g}`)}</option>`,
            )}
          </select></label
        >
        <label
          >${t('register.col.birth_year')}
          <input name="birthYear" type="number" min="1900" max="2100" .value=${p.birthYear?.toString() ?? ''}
        /></label>
        <label
          >${t('register.col.household')} <input name="household" maxlength="32" .value=${p.householdNumber ?? ''}
        /></label>
        <label>${t('register.col.relation')} <input name="relation" maxlength="16" .value=${p.relation ?? ''} /></label>
        <label
          >${t('register.col.grid')}
          <select name="gridId">
            <option value=""></option>
            ${this.grids.map((g) => html`<option value=${g.id} ?selected=${g.id === p.gridId}>${g.name}</option>`)}
          </select></label
        >
        <label
          >${t('register.col.phone')}
          <input name="phone" inputmode="tel" pattern="1[3-9][0-9]{9}" .value=${p.phone ?? ''}
        /></label>
        <label><input type="checkbox" name="party" ?checked=${p.partyMember} /> ${t('register.col.party')}</label>
        <button type="submit" ?disabled=${this.busy}>${t('register.person.save')}</button>
      </form>`;
  }

  override render() {
    const p = this.person;
    if (!p)
      return html`<p role="status">${t('app.loading')}</p>
        <div role="alert" class="error">${this.error}</div>`;
    return html`<section class="card" data-test="person-panel" aria-labelledby="person-title">
      <div class="row">
        <h2 id="person-title">${p.name}</h2>
        <button class="secondary" @click=${() => this.dispatchEvent(new Event('close'))}>${t('action.close')}</button>
      </div>
      <dl>
        <dt>${t('register.col.status')}</dt>
        <dd data-test="panel-status">
          ${t(`register.status.${p.status}`)} · ${t('register.person.since', { date: p.statusSince })}
        </dd>
        <dt>${t('register.col.gender')}</dt>
        <dd>${t(`register.gender.${p.gender}`)}</dd>
        <dt>${t('register.col.birth_year')}</dt>
        <dd>${p.birthYear ?? ''}</dd>
        <dt>${t('register.col.household')}</dt>
        <dd>${p.householdNumber ?? ''} ${p.relation ?? ''}</dd>
        <dt>${t('register.col.grid')}</dt>
        <dd>${p.gridName ?? ''}</dd>
        ${
          p.phone
            ? html`<dt>${t('register.col.phone')}</dt>
                <dd>${p.phone}</dd>`
            : ''
        }
        ${
          p.idSuffix
            ? html`<dt>${t('register.col.id_suffix')}</dt>
                <dd>${p.idSuffix}</dd>`
            : ''
        }
        <dt>${t('register.col.party')}</dt>
        <dd>${p.partyMember ? t('register.yes') : t('register.no')}</dd>
      </dl>
      <h3>${t('register.person.history')}</h3>
      <ol data-test="status-history">
        ${p.history.map(
          (h) =>
            html`<li>
              ${h.effectiveOn} · ${t(`register.status.${h.status}`)}${h.reason ? ` · ${h.reason}` : ''}
              ${h.recordedBy ? html`<small>(${t('register.person.by', { name: h.recordedBy })}, ${formatDateTime(h.at)})</small>` : ''}
            </li>`,
        )}
      </ol>
      ${
        p.seats.length
          ? html`<h3>${t('register.person.seats')}</h3>
              <ul>
                ${p.seats.map(
                  (s) =>
                    html`<li>${s.bodyName} · ${t(`bodies.role.${s.role}`)} · ${s.startsOn} – ${s.endsOn ?? ''}</li>`,
                )}
              </ul>`
          : ''
      }
      ${
        p.household.length
          ? html`<h3>${t('register.person.household')}</h3>
              <ul>
                ${p.household.map((m) => html`<li>${m.name} ${m.relation ?? ''} · ${t(`register.status.${m.status}`)}</li>`)}
              </ul>`
          : ''
      }
      <div role="alert" class="error">${this.error}</div>
      <div role="status" data-test="person-done">${this.done}</div>
      ${this.canEdit ? this.renderForms(p) : ''}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-person-panel': PersonPanel;
  }
}
