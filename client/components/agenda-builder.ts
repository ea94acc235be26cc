import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AgendaCandidates, AgendaItemView, MeetingView } from '../../shared/schemas/meeting.js';
import { confirmAction } from '../app/dialogs.js';
import { errorMessage, type FieldError } from '../data/api.js';
import { describedBy, fieldError, focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { addAgendaItem, removeAgendaItem, reorderAgenda } from '../data/meetings.js';
import { MeetingUpdatedEvent } from '../hall/modes.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

type Candidate = AgendaCandidates['items'][number];

/**
 * @summary The agenda builder: the items in order (drag to reorder, or the move up / move down
 * buttons from the keyboard), removal with confirmation, a free item form, and the accepted
 * topics that can be added — for a round-table, those open over 30 days first, as suggestions.
 * @event meeting-updated - MeetingUpdatedEvent after every change
 */
@customElement('yishi-agenda-builder')
export class AgendaBuilder extends LitElement {
  static override styles = [
    shared,
    css`
      ol.items {
        list-style: none;
        padding: 0;
        margin: 0 0 1rem;
        display: grid;
        gap: 0.5rem;
      }
      .item {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
        border: 2px solid #c4cad0;
        border-radius: 8px;
        padding: 0.25rem 0.5rem;
        background: #fff;
      }
      .item[draggable='true'] {
        cursor: grab;
      }
      .item.over {
        border-color: #0b57a4;
        border-style: dashed;
      }
      .item .title {
        flex: 1 1 12rem;
      }
      .grip {
        color: #4a545e;
        user-select: none;
      }
      .topic {
        font-size: 0.9rem;
      }
      .stalled {
        color: #a4161a;
        font-weight: 600;
      }
      ul.candidates {
        list-style: none;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      ul.candidates li {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
        justify-content: space-between;
        border-bottom: 1px solid #c4cad0;
        padding-bottom: 0.5rem;
      }
      textarea {
        min-height: 5rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) meeting!: MeetingView;
  @property({ attribute: false }) candidates: Candidate[] = [];
  /** False once the meeting is closed: the agenda is then read-only. */
  @property({ type: Boolean }) editable = true;
  @state() private error = '';
  @state() private freeProblems: FieldError[] = [];
  @state() private busy = false;
  @state() private dragging: number | null = null;
  @state() private over: number | null = null;
  /** The order shown while a reorder is being saved (so a drop never jumps back). */
  @state() private pending: AgendaItemView[] | null = null;

  private async run(fn: () => Promise<MeetingView>): Promise<boolean> {
    this.busy = true;
    this.error = '';
    try {
      this.dispatchEvent(new MeetingUpdatedEvent(await fn()));
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      return false;
    } finally {
      this.busy = false;
      this.pending = null;
    }
  }

  private get items(): AgendaItemView[] {
    return this.pending ?? this.meeting.agenda;
  }

  private move(from: number, to: number): void {
    const items = [...this.items];
    if (to < 0 || to >= items.length || from === to) return;
    const [moved] = items.splice(from, 1);
    items.splice(to, 0, moved!);
    this.pending = items;
    void this.run(() =>
      reorderAgenda(
        this.meeting.id,
        items.map((i) => i.id),
      ),
    ).then(() => {
      // Keep keyboard focus on the moved item's button so repeated presses keep moving it.
      void this.updateComplete.then(() =>
        this.renderRoot
          .querySelector<HTMLButtonElement>(`[data-item="${moved!.id}"] [data-dir="${to > from ? 'down' : 'up'}"]`)
          ?.focus(),
      );
    });
  }

  private async removeOne(item: AgendaItemView): Promise<void> {
    if (!(await confirmAction(t('agenda.confirm_remove', { title: item.title }), t('agenda.remove')))) return;
    await this.run(() => removeAgendaItem(this.meeting.id, item.id));
  }

  private async addFree(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    this.freeProblems = invalidFields(form);
    if (this.freeProblems.length) return focusFirstInvalid(form, this.freeProblems);
    const data = new FormData(form);
    const ok = await this.run(() =>
      addAgendaItem(this.meeting.id, {
        title: String(data.get('title')).trim(),
        notes: String(data.get('notes') ?? '').trim(),
      }),
    );
    if (ok) form.reset();
  }

  private drop(index: number): void {
    if (this.dragging !== null) this.move(this.dragging, index);
    this.dragging = null;
    this.over = null;
  }

  private itemRow(item: AgendaItemView, index: number, count: number) {
    const edit = this.editable;
    return html`<li
      class="item ${this.over === index ? 'over' : ''}"
      data-item=${item.id}
      data-test="agenda-item"
      draggable=${edit ? 'true' : 'false'}
      @dragstart=${(e: DragEvent) => {
        this.dragging = index;
        e.dataTransfer?.setData('text/plain', String(item.id));
      }}
      @dragover=${(e: DragEvent) => {
        if (this.dragging === null) return;
        e.preventDefault();
        this.over = index;
      }}
      @dragleave=${() => (this.over = null)}
      @drop=${(e: DragEvent) => {
        e.preventDefault();
        this.drop(index);
      }}
      @dragend=${() => ((this.dragging = null), (this.over = null))}
    >
      ${edit ? html`<span class="grip" aria-hidden="true">⠿</span>` : nothing}
      <span class="title"
        >${index + 1}. ${item.title}
        ${item.topicId ? html`<span class="muted topic">${t('agenda.from_topic')}</span>` : nothing}</span
      >
      ${
        edit
          ? html`<button
                class="secondary"
                data-dir="up"
                ?disabled=${index === 0 || this.busy}
                aria-label=${t('agenda.move_up', { title: item.title })}
                @click=${() => this.move(index, index - 1)}
              >
                ↑
              </button>
              <button
                class="secondary"
                data-dir="down"
                ?disabled=${index === count - 1 || this.busy}
                aria-label=${t('agenda.move_down', { title: item.title })}
                @click=${() => this.move(index, index + 1)}
              >
                ↓
              </button>
              <button
                class="secondary"
                ?disabled=${this.busy}
                aria-label=${t('agenda.remove_label', { title: item.title })}
                data-test="agenda-remove"
                @click=${() => this.removeOne(item)}
              >
                ${t('agenda.remove')}
              </button>`
          : nothing
      }
    </li>`;
  }

  private candidateList(items: Candidate[], test: string) {
    return html`<ul class="candidates" data-test=${test}>
      ${items.map(
        (c) =>
          html`<li data-test="candidate" data-topic=${c.topicId}>
            <span>
              <strong>${c.title}</strong>
              <span class="muted">· ${c.category} · ${c.organisationName}</span><br />
              <span class=${c.stalled ? 'stalled' : 'muted'}>${t('agenda.days_open', { n: c.daysOpen })}</span>
              ${c.cosignCount ? html`<span class="muted"> · ${t('agenda.cosigns', { n: c.cosignCount })}</span>` : nothing}
            </span>
            <button
              class="secondary"
              ?disabled=${this.busy || !this.editable}
              aria-label=${t('agenda.add_topic_label', { title: c.title })}
              data-test="candidate-add"
              @click=${() => this.run(() => addAgendaItem(this.meeting.id, { topicId: c.topicId }))}
            >
              ${t('agenda.add')}
            </button>
          </li>`,
      )}
    </ul>`;
  }

  override render() {
    const items = this.items;
    const roundtable = this.meeting.kind === 'roundtable';
    const stalled = this.candidates.filter((c) => c.stalled);
    const others = roundtable ? this.candidates.filter((c) => !c.stalled) : this.candidates;
    return html`<section class="card" aria-labelledby="agenda-title" data-test="agenda-builder">
      <h2 id="agenda-title">${t('agenda.title')}</h2>
      ${this.editable && items.length > 1 ? html`<p class="muted">${t('agenda.reorder_hint')}</p>` : nothing}
      <div role="alert" class="error" data-test="agenda-error">${this.error}</div>
      ${
        items.length
          ? html`<ol class="items" aria-label=${t('agenda.title')}>
              ${items.map((item, i) => this.itemRow(item, i, items.length))}
            </ol>`
          : html`<p>${t('agenda.empty')}</p>`
      }
      ${
        this.editable
          ? html`<form @submit=${this.addFree} novalidate data-test="agenda-free-form">
                <h3>${t('agenda.free_title')}</h3>
                <label for="title">${t('agenda.free_item')}</label>
                <input
                  id="title"
                  name="title"
                  required
                  minlength="2"
                  maxlength="80"
                  aria-describedby=${describedBy(this.freeProblems, 'title')}
                  aria-invalid=${invalid(this.freeProblems, 'title')}
                  data-test="agenda-free-title"
                />
                ${fieldError(this.freeProblems, 'title')}
                <label for="free-notes">${t('agenda.notes')}</label>
                <textarea id="free-notes" name="notes" maxlength="2000"></textarea>
                <div class="actions">
                  <button type="submit" ?disabled=${this.busy} data-test="agenda-free-add">${t('agenda.add')}</button>
                </div>
              </form>
              ${
                roundtable
                  ? html`<h3>${t('agenda.suggestions')}</h3>
                      <p class="muted">${t('agenda.suggestions_hint')}</p>
                      ${stalled.length ? this.candidateList(stalled, 'suggestions') : html`<p>${t('agenda.no_suggestions')}</p>`}`
                  : nothing
              }
              <h3>${t('agenda.accepted_topics')}</h3>
              ${others.length ? this.candidateList(others, 'candidates') : html`<p>${t('agenda.no_candidates')}</p>`}`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-agenda-builder': AgendaBuilder;
  }
}
