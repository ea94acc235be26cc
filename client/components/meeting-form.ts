import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { MEETING_KINDS } from '../../shared/rules/meeting.js';
import { BODIES } from '../../shared/rules/quorum.js';
import type { BodyView } from '../../shared/schemas/bodies.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import type { CreateMeetingBody, MeetingStaff, MeetingView } from '../../shared/schemas/meeting.js';
import type { FieldError } from '../data/api.js';
import { organisationOptions } from '../forms/options.js';
import { describedBy, fieldError, focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { fromDateTimeInput, toDateTimeInput } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { bodiesFor, type BodyPickEvent } from './meeting-body-picker.js';
import './meeting-body-picker.js';

type Staff = MeetingStaff['items'][number];

/** A valid meeting form was submitted (for a new meeting, `organisationId` is set). */
export class MeetingSaveEvent extends Event {
  static readonly type = 'meeting-save';
  constructor(
    readonly body: Omit<CreateMeetingBody, 'organisationId' | 'bodyId'> & {
      organisationId?: number;
      /** Left out once the meeting is live: its body can no longer change. */
      bodyId?: number | null;
    },
  ) {
    super(MeetingSaveEvent.type, { bubbles: true, composed: true });
  }
}

/** The organisation picked for a new meeting changed (its staff must be loaded). */
export class OrganisationPickEvent extends Event {
  static readonly type = 'organisation-pick';
  constructor(readonly organisationId: number) {
    super(OrganisationPickEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary A meeting's particulars: kind, deliberating body, title, venue, start and end, the
 * convener and up to two secretaries (staff of the organisation or above), and the deliberating
 * body on the register whose members are the participants (yishi-meeting-body-picker). Used to
 * create a meeting (with the organisation) and to edit one; once live, the body can no longer change.
 * @event meeting-save - MeetingSaveEvent
 * @event organisation-pick - OrganisationPickEvent, when creating
 * @event cancel - the user gave up
 */
@customElement('yishi-meeting-form')
export class MeetingForm extends LitElement {
  static override styles = [
    shared,
    css`
      .grid {
        display: grid;
        gap: 0 1.5rem;
        grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
      }
      .hint {
        margin: 0.25rem 0 0;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  /** The meeting being edited, or null for a new one. */
  @property({ attribute: false }) meeting: MeetingView | null = null;
  /** Organisations to choose from, for a new meeting. */
  @property({ attribute: false }) organisations: OrganisationView[] = [];
  /** The organisation chosen for a new meeting. */
  @property({ type: Number }) organisationId = 0;
  @property({ attribute: false }) staff: Staff[] = [];
  /** The organisation's deliberating bodies (the picker offers those of the meeting's kind). */
  @property({ attribute: false }) bodies: BodyView[] = [];
  @property({ attribute: false }) fields: FieldError[] = [];
  @property({ type: Boolean }) busy = false;
  @property({ type: Boolean }) disabled = false;
  @state() private local: FieldError[] = [];
  @state() private body = 'free_consultation';
  @state() private bodyId: number | null = null;
  @query('form') private form!: HTMLFormElement;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('fields')) this.local = [];
    if (changed.has('meeting') && this.meeting) {
      this.body = this.meeting.body;
      this.bodyId = this.meeting.bodyId;
    }
    // A new meeting moved to another organisation cannot keep the first one's body.
    if (changed.has('bodies') && !this.meeting && !this.bodies.some((b) => b.id === this.bodyId)) this.bodyId = null;
  }

  /** A new kind of meeting keeps the chosen body only if the server would accept it for that kind. */
  private pickKind(kind: string): void {
    this.body = kind;
    if (this.bodyId && !bodiesFor(this.bodies, kind).some((b) => b.id === this.bodyId)) this.bodyId = null;
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('fields') && this.fields.length) focusFirstInvalid(this.form, this.fields);
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    this.local = invalidFields(this.form);
    const data = new FormData(this.form);
    const startsAt = String(data.get('startsAt') ?? '');
    const endsAt = String(data.get('endsAt') ?? '');
    // The fields are China time whatever the browser's zone (client/i18n/dates.ts).
    const startsIso = fromDateTimeInput(startsAt);
    const endsIso = fromDateTimeInput(endsAt);
    if (!this.local.length && (!startsIso || !endsIso || endsIso <= startsIso))
      this.local = [{ path: 'endsAt', message: t('field.ends_before_start') }];
    if (this.local.length) return focusFirstInvalid(this.form, this.local);
    const secretaryIds = [data.get('secretary1'), data.get('secretary2')]
      .map((v) => Number(v))
      .filter((v, i, all) => v > 0 && all.indexOf(v) === i);
    const convener = Number(data.get('convenerId'));
    this.dispatchEvent(
      new MeetingSaveEvent({
        ...(this.meeting ? {} : { organisationId: Number(data.get('organisationId')) }),
        kind: data.get('kind') as CreateMeetingBody['kind'],
        title: String(data.get('title')).trim(),
        venue: String(data.get('venue')).trim(),
        startsAt: startsIso!,
        endsAt: endsIso!,
        body: (data.get('body') ?? this.meeting?.body) as CreateMeetingBody['body'],
        membersFrom: (data.get('membersFrom') ?? this.meeting?.membersFrom) as CreateMeetingBody['membersFrom'],
        convenerId: convener > 0 ? convener : null,
        secretaryIds,
        ...(this.meeting?.status === 'live' ? {} : { bodyId: this.bodyId }),
      }),
    );
  }

  private staffOptions(selected: number | null | undefined, none: string) {
    return html`<option value="" ?selected=${!selected}>${none}</option>
      ${this.staff.map((u) => html`<option value=${u.id} ?selected=${u.id === selected}>${u.displayName}</option>`)}`;
  }

  override render() {
    const m = this.meeting;
    const problems = this.local.length ? this.local : this.fields;
    const live = m?.status === 'live';
    const off = this.disabled;
    const text = (name: string, label: string, min: number, max: number, value = '') =>
      html`<div>
        <label for=${name}>${label}</label>
        <input
          id=${name}
          name=${name}
          required
          minlength=${min}
          maxlength=${max}
          .value=${value}
          ?disabled=${off}
          aria-describedby=${describedBy(problems, name)}
          aria-invalid=${invalid(problems, name)}
          data-test="meeting-${name}"
        />
        ${fieldError(problems, name)}
      </div>`;
    const when = (name: 'startsAt' | 'endsAt', label: string) =>
      html`<div>
        <label for=${name}>${label}</label>
        <input
          id=${name}
          name=${name}
          type="datetime-local"
          required
          .value=${toDateTimeInput(m?.[name])}
          ?disabled=${off}
          aria-describedby=${describedBy(problems, name)}
          aria-invalid=${invalid(problems, name)}
          data-test="meeting-${name}"
        />
        ${fieldError(problems, name)}
      </div>`;
    return html`<form
      class="card"
      novalidate
      @submit=${this.submit}
      data-test="meeting-form"
      aria-labelledby="mf-title"
    >
      <h2 id="mf-title">${m ? t('meeting.form.edit') : t('meeting.new.title')}</h2>
      <div class="grid">
        ${
          m
            ? nothing
            : html`<div>
                <label for="organisationId">${t('meeting.form.organisation')}</label>
                <select
                  id="organisationId"
                  name="organisationId"
                  required
                  data-test="meeting-organisation"
                  @change=${(e: Event) =>
                    this.dispatchEvent(new OrganisationPickEvent(Number((e.target as HTMLSelectElement).value)))}
                >
                  ${organisationOptions(this.organisations, this.organisationId)}
                </select>
                ${fieldError(problems, 'organisationId')}
              </div>`
        }
        <div>
          <label for="kind">${t('meeting.form.kind')}</label>
          <select id="kind" name="kind" ?disabled=${off || !!m} data-test="meeting-kind">
            ${MEETING_KINDS.map((k) => html`<option value=${k} ?selected=${m?.kind === k}>${t(`meeting.kind.${k}`)}</option>`)}
          </select>
        </div>
        ${text('title', t('meeting.form.title'), 2, 80, m?.title)}
        ${text('venue', t('meeting.form.venue'), 1, 80, m?.venue)} ${when('startsAt', t('meeting.form.starts'))}
        ${when('endsAt', t('meeting.form.ends'))}
        <div>
          <label for="body">${t('meeting.form.body')}</label>
          <select
            id="body"
            name="body"
            ?disabled=${off || live}
            aria-describedby="body-hint"
            data-test="meeting-body"
            @change=${(e: Event) => this.pickKind((e.target as HTMLSelectElement).value)}
          >
            ${BODIES.filter((b) => b !== 'custom').map(
              (b) => html`<option value=${b} ?selected=${this.body === b}>${t(`meeting.body.${b}`)}</option>`,
            )}
          </select>
          <p class="muted hint" id="body-hint">${t(`meeting.body_hint.${this.body}`)}</p>
        </div>
        <div>
          <yishi-meeting-body-picker
            .bodies=${this.bodies}
            .kind=${this.body}
            .value=${this.bodyId}
            .frozenCount=${m?.rosterFrozenAt ? m.entitledCount : null}
            ?disabled=${off || live}
            @body-pick=${(e: BodyPickEvent) => (this.bodyId = e.bodyId)}
          ></yishi-meeting-body-picker>
        </div>
        ${
          // With a body, who counts is its members on the day: there is no other source to pick.
          this.bodyId
            ? nothing
            : html`<div>
                <label for="membersFrom">${t('meeting.form.members_from')}</label>
                <select id="membersFrom" name="membersFrom" ?disabled=${off || live} data-test="meeting-members-from">
                  ${(['roster', 'organisation'] as const).map(
                    (v) =>
                      html`<option value=${v} ?selected=${(m?.membersFrom ?? 'roster') === v}>
                        ${t(`meeting.members_from.${v}`)}
                      </option>`,
                  )}
                </select>
              </div>`
        }
        <div>
          <label for="convenerId">${t('meeting.form.convener')}</label>
          <select id="convenerId" name="convenerId" ?disabled=${off} data-test="meeting-convener">
            ${this.staffOptions(m?.convenerId, m ? t('meeting.form.none') : t('meeting.form.convener_me'))}
          </select>
        </div>
        <div>
          <label for="secretary1">${t('meeting.form.secretary', { n: 1 })}</label>
          <select id="secretary1" name="secretary1" ?disabled=${off} data-test="meeting-secretary1">
            ${this.staffOptions(m?.secretaryIds[0], t('meeting.form.none'))}
          </select>
        </div>
        <div>
          <label for="secretary2">${t('meeting.form.secretary', { n: 2 })}</label>
          <select id="secretary2" name="secretary2" ?disabled=${off} data-test="meeting-secretary2">
            ${this.staffOptions(m?.secretaryIds[1], t('meeting.form.none'))}
          </select>
          ${fieldError(problems, 'secretaryIds')}
        </div>
      </div>
      ${
        off
          ? nothing
          : html`<div class="row actions">
              <button type="submit" ?disabled=${this.busy} data-test="meeting-save">
                ${m ? t('action.save') : t('action.create')}
              </button>
              ${
                m
                  ? nothing
                  : html`<button
                      type="button"
                      class="secondary"
                      @click=${() => this.dispatchEvent(new Event('cancel'))}
                    >
                      ${t('action.cancel')}
                    </button>`
              }
            </div>`
      }
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-meeting-form': MeetingForm;
  }
  interface HTMLElementEventMap {
    'meeting-save': MeetingSaveEvent;
    'organisation-pick': OrganisationPickEvent;
  }
}
