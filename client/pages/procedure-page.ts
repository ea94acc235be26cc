import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { STAGES, type Stage } from '../../shared/rules/procedure.js';
import type { MeetingSummary } from '../../shared/schemas/meeting.js';
import type { DiffView, ProcedureDetail } from '../../shared/schemas/procedure.js';
import { errorMessage } from '../data/api.js';
import {
  actOnProcedure,
  archiveUrl,
  getProcedure,
  stageMeetings,
  versionDiff,
  watchProcedures,
  type ProcedureVerb,
} from '../data/procedures.js';
import { formatDateTime } from '../i18n/dates.js';
import { LocaleController, locale, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import '../components/procedure-publications.js';

const formData = (e: SubmitEvent) => {
  e.preventDefault();
  return new FormData(e.target as HTMLFormElement);
};

/**
 * @summary /procedures/:id: one major matter — its four stages (each try with meeting, attendance,
 * the result sentence and the version decided on), the proposal's versions with a readable diff,
 * the two publications and the objections, and the actions open to the caller: revise, put the
 * next stage on a meeting's agenda, return or end after a failure, publish, answer, archive.
 * Live: reloads when the matter changes (an objection arrives, a stage is decided).
 */
@customElement('yishi-procedure-page')
export class ProcedurePage extends LitElement {
  static override styles = [
    shared,
    css`
      ins {
        background: #d7f5dd;
        text-decoration: none;
      }
      del {
        background: #fbd9d9;
      }
      .diff {
        white-space: pre-wrap;
        border: 1px solid #c4cad0;
        padding: 0.5rem;
      }
      .flag {
        color: #a00;
        font-weight: 700;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) params: Readonly<Record<string, string>> = {};
  @state() private p: ProcedureDetail | null = null;
  @state() private meetings: MeetingSummary[] = [];
  @state() private diff: DiffView | null = null;
  @state() private error = '';

  private unwatch: (() => void) | null = null;

  override firstUpdated(): void {
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatch?.();
    this.unwatch = null;
  }

  /** Live: a resident's objection, a stage decided at a meeting, another reviewer's answer. */
  private watch(organisationId: number): void {
    if (this.unwatch) return;
    this.unwatch = watchProcedures(organisationId, (changed) => {
      if (changed.id === this.procedureId) void this.load();
    });
  }

  private get procedureId(): number {
    return Number(this.params.id);
  }

  private async load(): Promise<void> {
    try {
      this.p = await getProcedure(this.procedureId);
      this.meetings = this.p.actions.includes('schedule') ? await stageMeetings(this.procedureId) : [];
      this.error = '';
      this.watch(this.p.organisationId);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async run(v: ProcedureVerb): Promise<void> {
    try {
      this.p = await actOnProcedure(this.procedureId, v);
      this.meetings = this.p.actions.includes('schedule') ? await stageMeetings(this.procedureId) : [];
      this.error = '';
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async compare(e: SubmitEvent): Promise<void> {
    const d = formData(e);
    try {
      this.diff = await versionDiff(this.procedureId, Number(d.get('from')), Number(d.get('to')));
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private stages(p: ProcedureDetail) {
    return html`<h2>${t('procedure.stages')}</h2>
      <ol data-test="stages">
        ${p.attempts.map(
          (a) =>
            html`<li data-test="attempt" data-stage=${a.stage} data-state=${a.state}>
              <strong>${t(`procedure.stage.${a.stage}`)}</strong>（${a.attempt}）· ${t(`procedure.attempt.${a.state}`)}
              · <a href="/meetings/${a.meetingId}">${a.meetingTitle}</a> ${formatDateTime(a.meetingStartsAt)} ·
              ${t(`meeting.body.${a.body}`)}
              ${a.entitled !== null ? html`· ${t('procedure.attendance', { entitled: a.entitled, present: a.present ?? 0 })}` : nothing}
              ${a.version ? html`· ${t('procedure.decided_on', { version: a.version })}` : nothing}
              ${a.days !== null ? html`· ${t('procedure.days', { days: a.days })}` : nothing}
              ${a.statement ? html`<div>${a.statement[locale()]}</div>` : nothing}
              ${a.reason ? html`<div>${t('procedure.field.reason')}：${a.reason}</div>` : nothing}
            </li>`,
        )}
      </ol>`;
  }

  private actions(p: ProcedureDetail) {
    const step = p.step as Stage;
    return html`${
      p.actions.includes('schedule')
        ? html`<form
            data-test="schedule"
            @submit=${(e: SubmitEvent) => {
              const d = formData(e);
              void this.run({ verb: 'schedule', body: { stage: step, meetingId: Number(d.get('meetingId')) } });
            }}
          >
            <label
              >${t('procedure.field.meeting')}（${t(`procedure.stage.${step}`)} · ${t(`procedure.stage_body.${step}`)}）
              <select name="meetingId" required>
                ${this.meetings.map(
                  (m) =>
                    html`<option value=${m.id}>
                      ${m.title} · ${formatDateTime(m.startsAt)} · ${t(`meeting.body.${m.body}`)}
                    </option>`,
                )}
              </select></label
            >
            <button type="submit">${t('procedure.action.schedule')}</button>
          </form>`
        : nothing
    }
    ${
      p.actions.includes('return')
        ? html`<form
            data-test="return"
            @submit=${(e: SubmitEvent) => {
              const d = formData(e);
              void this.run({ verb: 'return', body: { to: d.get('to') as Stage, reason: String(d.get('reason')) } });
            }}
          >
            <label
              >${t('procedure.field.return_to')}
              <select name="to">
                ${STAGES.map((s) => html`<option value=${s}>${t(`procedure.stage.${s}`)}</option>`)}
              </select></label
            >
            <label>${t('procedure.field.reason')} <textarea name="reason" required minlength="2"></textarea></label>
            <button type="submit">${t('procedure.action.return')}</button>
          </form>`
        : nothing
    }
    ${
      p.actions.includes('publish')
        ? html`<form
            data-test="publish"
            @submit=${(e: SubmitEvent) => {
              const d = formData(e);
              const kind = p.step === 'resolution_publication' ? 'resolution' : 'result';
              void this.run({ verb: 'publications', body: { kind, days: Number(d.get('days')) } });
            }}
          >
            <label
              >${t('procedure.field.days')}
              <input name="days" type="number" min=${p.minDisplayDays} max="90" value=${p.displayDays} required
            /></label>
            <button type="submit">
              ${t(p.step === 'resolution_publication' ? 'procedure.action.publish_resolution' : 'procedure.action.publish_result')}
            </button>
          </form>`
        : nothing
    }
    ${
      p.actions.includes('end')
        ? html`<form
            data-test="end"
            @submit=${(e: SubmitEvent) => void this.run({ verb: 'end', body: { reason: String(formData(e).get('reason')) } })}
          >
            <label>${t('procedure.field.reason')} <input name="reason" required minlength="2" /></label>
            <button type="submit" class="secondary">${t('procedure.action.end')}</button>
          </form>`
        : nothing
    }`;
  }

  private proposal(p: ProcedureDetail) {
    return html`<h2>${t('procedure.versions')}</h2>
      <p>${t('procedure.version', { version: p.currentVersion })}</p>
      <div class="diff" data-test="proposal-text">${p.text}</div>
      <ul>
        ${p.versions.map(
          (v) =>
            html`<li>
              ${t('procedure.version', { version: v.version })} · ${formatDateTime(v.createdAt)} · ${v.authorName ?? ''}
              ${v.note}
            </li>`,
        )}
      </ul>
      ${
        p.versions.length > 1
          ? html`<form @submit=${this.compare} data-test="diff-form">
              <select name="from">
                ${p.versions.map((v, i) => html`<option value=${v.version} ?selected=${i === p.versions.length - 2}>${v.version}</option>`)}
              </select>
              →
              <select name="to">
                ${p.versions.map((v, i) => html`<option value=${v.version} ?selected=${i === p.versions.length - 1}>${v.version}</option>`)}
              </select>
              <button type="submit" class="secondary">${t('procedure.action.diff')}</button>
            </form>`
          : nothing
      }
      ${
        this.diff
          ? html`<div class="diff" data-test="diff">
              ${this.diff.parts.map((x) =>
                x.kind === 'added'
                  ? html`<ins>${x.text}</ins>`
                  : x.kind === 'removed'
                    ? html`<del>${x.text}</del>`
                    : x.text,
              )}
            </div>`
          : nothing
      }
      ${
        p.actions.includes('revise')
          ? html`<form
              data-test="revise"
              @submit=${(e: SubmitEvent) => {
                const d = formData(e);
                void this.run({ verb: 'versions', body: { text: String(d.get('text')), note: String(d.get('note')) } });
              }}
            >
              <label
                >${t('procedure.field.text')} <textarea name="text" rows="6" required .value=${p.text}></textarea>
              </label>
              <label>${t('procedure.field.note')} <input name="note" maxlength="200" /></label>
              <button type="submit" class="secondary">${t('procedure.action.revise')}</button>
            </form>`
          : nothing
      }`;
  }

  override render() {
    const p = this.p;
    if (!p) return html`<div role="alert" class="error">${this.error}</div>`;
    return html`<h1 data-test="procedure-title">${p.title}</h1>
      <p>
        ${p.organisationName} · ${t(`procedure.kind.${p.kind}`)} ·
        <span data-test="step">${t(`procedure.step.${p.step}`)}</span>
        ${p.flags.map((f) => html` <span class="flag" data-test="flag" data-flag=${f}>${t(`procedure.flag.${f}`)}</span>`)}
      </p>
      <p>
        <a href=${archiveUrl(p.id, 'pdf')} download>${t('procedure.action.archive_pdf')}</a> ·
        <a href=${archiveUrl(p.id, 'docx')} download>${t('procedure.action.archive_docx')}</a>
      </p>
      <div role="alert" class="error">${this.error}</div>
      ${this.stages(p)} ${this.actions(p)} ${this.proposal(p)}
      <yishi-procedure-publications
        .procedure=${p}
        @procedure-answered=${(e: CustomEvent<ProcedureDetail>) => (this.p = e.detail)}
      ></yishi-procedure-publications>
      <h2>${t('procedure.history')}</h2>
      <ol>
        ${p.events.map(
          (e) =>
            html`<li>
              ${formatDateTime(e.at)}
              ${t(`procedure.event.${e.kind}`)}${e.stage ? `（${t(`procedure.stage.${e.stage}`)}）` : ''}
              ${e.actorName ?? ''} ${e.detail ?? ''}
            </li>`,
        )}
      </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-procedure-page': ProcedurePage;
  }
}
