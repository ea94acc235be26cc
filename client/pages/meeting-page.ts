import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { chinaDate } from '../../shared/rules/register.js';
import type { BodyView } from '../../shared/schemas/bodies.js';
import type { AgendaCandidates, MeetingStaff, MeetingView } from '../../shared/schemas/meeting.js';
import { errorMessage, fieldErrors, type FieldError } from '../data/api.js';
import { agendaCandidates, getMeeting, meetingStaff, updateMeeting } from '../data/meetings.js';
import { listBodies } from '../data/register.js';
import { SessionController } from '../data/session.js';
import { mayOrganise } from '../app/meeting-rights.js';
import type { MeetingUpdatedEvent } from '../hall/modes.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { MeetingSaveEvent } from '../components/meeting-form.js';
import { meetingWhen } from './meetings-page.js';
import '../components/agenda-builder.js';
import '../components/invitee-editor.js';
import '../components/meeting-form.js';
import '../components/meeting-lifecycle.js';

/**
 * @summary Preparing one meeting (`/meetings/<id>`): its status and next step (publish, start,
 * close), its particulars, the agenda builder and the invitees. A closed meeting is shown
 * read-only, as the server refuses any change to it.
 */
@customElement('yishi-meeting-page')
export class MeetingPage extends LitElement {
  static override styles = [
    shared,
    css`
      .head {
        justify-content: space-between;
        align-items: flex-start;
      }
      .console {
        display: inline-flex;
        align-items: center;
        min-height: 48px;
        padding: 0.4rem 1rem;
        border-radius: 8px;
        background: #0b57a4;
        color: #fff;
        font-weight: 600;
        text-decoration: none;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private meeting: MeetingView | null = null;
  @state() private staff: MeetingStaff['items'] = [];
  @state() private candidates: AgendaCandidates['items'] = [];
  /** The organisation's bodies, counted on the meeting's date (China time). */
  @state() private bodies: BodyView[] = [];
  @state() private fields: FieldError[] = [];
  @state() private error = '';
  @state() private saved = false;
  @state() private busy = false;
  private started = false;

  /** Loads on the first update: `params` from the shell is only restored by Lit then. */
  override willUpdate(): void {
    if (this.started) return;
    this.started = true;
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const meeting = await getMeeting(Number(this.params.id));
      this.meeting = meeting;
      // Not every organisation keeps bodies (a township): then there is nothing to pick.
      this.bodies = await listBodies(meeting.organisationId, chinaDate(new Date(meeting.startsAt))).catch(() => []);
      if (meeting.status !== 'closed' && mayOrganise(this.session.user, meeting)) {
        [this.staff, this.candidates] = await Promise.all([
          meetingStaff(meeting.organisationId),
          agendaCandidates(meeting.id),
        ]);
      }
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async meetingUpdated(e: MeetingUpdatedEvent): Promise<void> {
    const agendaChanged = e.meeting.agenda.length !== this.meeting?.agenda.length;
    this.meeting = e.meeting;
    this.saved = false;
    if (agendaChanged && e.meeting.status !== 'closed' && mayOrganise(this.session.user, e.meeting)) {
      try {
        this.candidates = await agendaCandidates(e.meeting.id);
      } catch (err) {
        this.error = errorMessage(err);
      }
    }
  }

  private async save(e: MeetingSaveEvent): Promise<void> {
    if (!this.meeting) return;
    this.busy = true;
    this.error = '';
    this.saved = false;
    try {
      const { organisationId: _o, kind: _k, ...body } = e.body;
      this.meeting = await updateMeeting(this.meeting.id, body);
      this.fields = [];
      this.saved = true;
    } catch (err) {
      this.error = errorMessage(err);
      this.fields = fieldErrors(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const m = this.meeting;
    if (!m)
      return this.error
        ? html`<p role="alert" class="error">${this.error}</p>`
        : html`<p role="status">${t('app.loading')}</p>`;
    // Secretaries and other staff see the meeting as it is; organisers change it until it closes.
    const organiser = mayOrganise(this.session.user, m);
    const editable = organiser && m.status !== 'closed';
    return html`<div class="row head">
        <div>
          <h1 data-test="meeting-title">${m.title}</h1>
          <p class="muted">${t(`meeting.kind.${m.kind}`)} · ${m.organisationName} · ${meetingWhen(m)} · ${m.venue}</p>
        </div>
        ${
          m.status === 'live' || m.status === 'scheduled'
            ? html`<a class="console" href="/m/${m.id}/console" data-test="console-link"
                >${t('meetings.open_console')}</a
              >`
            : nothing
        }
      </div>
      <section class="card" aria-label=${t('lifecycle.status')} @meeting-updated=${this.meetingUpdated}>
        <yishi-meeting-lifecycle .meeting=${m} ?readonly=${!organiser}></yishi-meeting-lifecycle>
        ${m.status === 'closed' ? html`<p class="muted" data-test="closed-note">${t('meeting.error.closed')}</p>` : nothing}
      </section>
      <div role="alert" class="error" data-test="meeting-error">${this.error}</div>
      <div role="status">
        ${this.saved ? html`<p data-test="meeting-saved">${t('meeting.form.saved')}</p>` : nothing}
      </div>
      <yishi-meeting-form
        .meeting=${m}
        .staff=${this.staff}
        .bodies=${this.bodies}
        .fields=${this.fields}
        ?busy=${this.busy}
        ?disabled=${!editable}
        @meeting-save=${this.save}
      ></yishi-meeting-form>
      <yishi-agenda-builder
        .meeting=${m}
        .candidates=${this.candidates}
        .editable=${editable}
        @meeting-updated=${this.meetingUpdated}
      ></yishi-agenda-builder>
      <yishi-invitee-editor
        .meeting=${m}
        .staff=${this.staff}
        .bodies=${this.bodies}
        .editable=${editable}
        @meeting-updated=${this.meetingUpdated}
      ></yishi-invitee-editor>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-meeting-page': MeetingPage;
  }
}
