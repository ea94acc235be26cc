import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { DecisionView, MotionView } from '../../shared/schemas/vote.js';
import { errorMessage, fieldErrors, type FieldError } from '../data/api.js';
import {
  annulMotion,
  closeMotion,
  createMotion,
  enterHands,
  openMotion,
  optionLabels,
  recordConsensus,
} from '../data/votes.js';
import { LocaleController, locale, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { ConfirmDialog } from './confirm-dialog.js';
import type { ConsensusForm, ConsensusSaveEvent } from './consensus-form.js';
import type { HandsSaveEvent } from './hands-form.js';
import type { MotionSaveEvent } from './motion-form.js';
import { MotionsController } from './motions-controller.js';
import { progressOf, verdict } from './vote-board.js';
import './confirm-dialog.js';
import './consensus-form.js';
import './hands-form.js';
import './motion-form.js';
import './vote-bars.js';

const COUNTDOWNS = [0, 30, 60, 120, 300];

/**
 * @summary The console's motion controls for the current agenda item: draft a motion, open it
 * (optionally with a countdown), follow "已投 31 / 32", enter a show of hands, close it (asks
 * first), annul it with a reason (asks first), and record an agreement by consensus. Closed
 * motions show their counts, verdict and the rule sentence.
 */
@customElement('yishi-motion-controls')
export class MotionControls extends LitElement {
  static override styles = [
    shared,
    css`
      .motion {
        border-top: 1px solid #c4cad0;
        padding: 0.75rem 0;
      }
      .motion h3 {
        margin: 0 0 0.25rem;
        font-size: 1.1rem;
      }
      select {
        width: auto;
      }
      .elsewhere {
        background: #fff4ce;
        color: #4a3b00;
        border-left: 6px solid #b35c00;
        padding: 0.5rem 0.75rem;
        margin: 0 0 0.5rem;
      }
      .elsewhere p {
        margin: 0 0 0.25rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ type: Number }) meetingId = 0;
  /** The agenda item motions and decisions are for: the hall's current item. */
  @property({ type: Number }) agendaItemId: number | null = null;
  /** The agenda, to name the item of a vote still open elsewhere. */
  @property({ attribute: false }) items: readonly { id: number; title: string }[] = [];
  @state() private creating = false;
  @state() private busy = false;
  @state() private error = '';
  @state() private fields: FieldError[] = [];
  @state() private annulling: number | null = null;
  @state() private recorded: DecisionView[] = [];
  @query('yishi-confirm-dialog') private confirmDialog!: ConfirmDialog;
  @query('yishi-consensus-form') private consensusForm!: ConsensusForm;
  private readonly votes = new MotionsController(this, () => (this.meetingId ? { meetingId: this.meetingId } : null));
  private readonly countdowns = new Map<number, number>();

  /** Runs a command; its answer updates the list at once, problems show by field or above. */
  private async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.error = '';
    this.fields = [];
    try {
      return await work();
    } catch (err) {
      this.fields = fieldErrors(err);
      this.error = errorMessage(err);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** A motion command: its answer replaces the motion at once, before the broadcast arrives. */
  private async command(work: () => Promise<MotionView>): Promise<MotionView | undefined> {
    const motion = await this.run(work);
    if (motion) this.votes.apply(motion);
    return motion;
  }

  private async create(e: MotionSaveEvent): Promise<void> {
    if (!this.agendaItemId) return;
    const agendaItemId = this.agendaItemId;
    const made = await this.command(() => createMotion({ meetingId: this.meetingId, agendaItemId, ...e.motion }));
    if (made) this.creating = false;
  }

  /**
   * Asks before closing, with the turnout in the question ("已投 0 / 应投 8"): a vote closed
   * before the phones had the ballot writes its empty result into the minutes for good.
   */
  private async close(motion: MotionView): Promise<void> {
    const { cast, present } = progressOf(motion, this.votes.tallies.get(motion.id));
    const text = t('vote.controls.close_turnout', { question: motion.question, cast, present });
    const warning = cast === 0 ? t('vote.controls.close_none') : undefined;
    if (await this.confirmDialog.ask(text, t('vote.controls.close'), warning))
      await this.command(() => closeMotion(motion.id));
  }

  private async annul(motion: MotionView, e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const reason = String(new FormData(e.target as HTMLFormElement).get('reason') ?? '').trim();
    if (reason.length < 2) {
      this.fields = [{ path: 'reason', message: t('field.too_short', { min: 2 }) }];
      return;
    }
    if (
      await this.confirmDialog.ask(
        t('vote.controls.annul_confirm', { question: motion.question }),
        t('vote.controls.annul'),
      )
    ) {
      const done = await this.command(() => annulMotion(motion.id, reason));
      if (done) this.annulling = null;
    }
  }

  private async consensus(e: ConsensusSaveEvent): Promise<void> {
    if (!this.agendaItemId) return;
    const agendaItemId = this.agendaItemId;
    const decision = await this.run(() => recordConsensus({ meetingId: this.meetingId, agendaItemId, text: e.text }));
    if (decision) {
      this.recorded = [...this.recorded, decision];
      this.consensusForm.reset();
    }
  }

  private annulForm(motion: MotionView) {
    const problem = this.fields.find((f) => f.path === 'reason');
    return html`<form novalidate @submit=${(e: SubmitEvent) => this.annul(motion, e)} data-test="annul-form">
      <label for="reason-${motion.id}">${t('vote.controls.annul_reason')}</label>
      <input
        id="reason-${motion.id}"
        name="reason"
        required
        minlength="2"
        maxlength="200"
        aria-invalid=${problem ? 'true' : nothing}
        aria-describedby=${problem ? `reason-error-${motion.id}` : nothing}
        data-test="annul-reason"
      />
      ${problem ? html`<p class="error" id="reason-error-${motion.id}">${problem.message}</p>` : nothing}
      <div class="row actions">
        <button type="submit" class="danger" ?disabled=${this.busy} data-test="annul-submit">
          ${t('vote.controls.annul')}
        </button>
        <button type="button" class="secondary" @click=${() => (this.annulling = null)}>${t('action.cancel')}</button>
      </div>
    </form>`;
  }

  private actions(motion: MotionView) {
    const annul = html`<button
      type="button"
      class="secondary"
      data-test="motion-annul"
      @click=${() => (this.annulling = motion.id)}
    >
      ${t('vote.controls.annul')}
    </button>`;
    if (motion.status === 'draft')
      return html`<div class="row">
        <label for="countdown-${motion.id}" class="visually-hidden">${t('vote.controls.countdown')}</label>
        <select
          id="countdown-${motion.id}"
          @change=${(e: Event) => this.countdowns.set(motion.id, Number((e.target as HTMLSelectElement).value))}
        >
          ${COUNTDOWNS.map((s) => html`<option value=${s}>${s ? t('vote.controls.countdown_seconds', { seconds: s }) : t('vote.controls.no_countdown')}</option>`)}
        </select>
        <button
          type="button"
          ?disabled=${this.busy}
          data-test="motion-open"
          @click=${() => this.command(() => openMotion(motion.id, this.countdowns.get(motion.id) || undefined))}
        >
          ${t('vote.controls.open')}
        </button>
        ${annul}
      </div>`;
    if (motion.status === 'open')
      return html`<div class="row">
        <button type="button" ?disabled=${this.busy} data-test="motion-close" @click=${() => this.close(motion)}>
          ${t('vote.controls.close')}
        </button>
        ${annul}
      </div>`;
    if (motion.status === 'closed') return annul;
    return nothing;
  }

  private motion(motion: MotionView) {
    const { cast, present, counts } = progressOf(motion, this.votes.tallies.get(motion.id));
    return html`<article
      class="motion"
      data-test="motion"
      data-status=${motion.status}
      aria-labelledby="m-${motion.id}"
    >
      <h3 id="m-${motion.id}">${motion.question}</h3>
      <p class="muted">
        ${t(`vote.kind.${motion.kind}`)} · ${t(`vote.form.${motion.form}`)} · ${t(`vote.status.${motion.status}`)}
      </p>
      ${
        motion.status === 'open' && motion.kind !== 'show_of_hands'
          ? html`<p role="status" data-test="motion-cast">${t('vote.board.cast', { cast, present })}</p>`
          : nothing
      }
      ${
        motion.status === 'open' && motion.kind === 'show_of_hands'
          ? html`<yishi-hands-form
              .motion=${motion}
              .present=${present}
              ?busy=${this.busy}
              @hands-save=${(e: HandsSaveEvent) => this.command(() => enterHands(motion.id, e.counts, e.cast))}
            ></yishi-hands-form>`
          : nothing
      }
      ${
        motion.status === 'open' && counts && motion.kind !== 'show_of_hands'
          ? html`<yishi-vote-bars .labels=${optionLabels(motion)} .counts=${counts} .total=${cast}></yishi-vote-bars>`
          : nothing
      }
      ${
        motion.status === 'closed' && motion.result
          ? html`<p><strong data-test="motion-verdict">${verdict(motion)}</strong></p>
              <yishi-vote-bars
                .labels=${optionLabels(motion)}
                .counts=${motion.result.counts}
                .winners=${motion.result.winners}
                .total=${motion.result.cast}
              ></yishi-vote-bars>
              <p data-test="motion-statement">${motion.result.statement[locale()]}</p>`
          : nothing
      }
      ${motion.status === 'annulled' ? html`<p>${t('vote.board.annul_reason', { reason: motion.annulReason ?? '' })}</p>` : nothing}
      ${this.annulling === motion.id ? this.annulForm(motion) : this.actions(motion)}
    </article>`;
  }

  /**
   * A vote left open on another item: phones still carry its ballot (they show every open
   * motion), so the console says so at the top, with its live count and a way to close it.
   */
  private elsewhere(motion: MotionView) {
    const index = this.items.findIndex((i) => i.id === motion.agendaItemId);
    const item = this.items[index];
    const { cast, present } = progressOf(motion, this.votes.tallies.get(motion.id));
    return html`<div class="elsewhere" role="status" data-test="vote-elsewhere" data-motion=${motion.id}>
      <p>
        <strong
          >${t('vote.controls.elsewhere', { n: index + 1, item: item?.title ?? '', question: motion.question })}</strong
        >
      </p>
      <p>
        <span data-test="vote-elsewhere-cast">${t('vote.board.cast', { cast, present })}</span> ·
        ${t('vote.controls.elsewhere_hint')}
      </p>
      <button type="button" ?disabled=${this.busy} data-test="vote-elsewhere-close" @click=${() => this.close(motion)}>
        ${t('vote.controls.close')}
      </button>
    </div>`;
  }

  override render() {
    // The open vote first, so its live count and close button are at the top of the panel.
    const rank = (m: MotionView) => (m.status === 'open' ? 0 : 1);
    const here = this.votes.motions
      .filter((m) => m.agendaItemId === this.agendaItemId)
      .sort((a, b) => rank(a) - rank(b));
    const elsewhere = this.votes.motions.filter((m) => m.status === 'open' && m.agendaItemId !== this.agendaItemId);
    return html`<section aria-labelledby="motions-title" data-test="motion-controls">
      <h2 id="motions-title">${t('vote.controls.title')}</h2>
      <p class="error" role="alert" data-test="motion-error">${this.error || this.votes.error}</p>
      ${elsewhere.map((m) => this.elsewhere(m))}
      ${!this.agendaItemId ? html`<p class="muted">${t('vote.controls.no_item')}</p>` : nothing}
      ${here.map((m) => this.motion(m))}
      ${
        this.agendaItemId && !this.creating
          ? html`<button type="button" class="secondary" data-test="motion-new" @click=${() => (this.creating = true)}>
              ${t('vote.controls.new')}
            </button>`
          : nothing
      }
      ${
        this.creating
          ? html`<yishi-motion-form
              .fields=${this.fields}
              ?busy=${this.busy}
              @motion-save=${this.create}
              @cancel=${() => (this.creating = false)}
            ></yishi-motion-form>`
          : nothing
      }
      ${
        this.agendaItemId
          ? html`<h3>${t('vote.consensus.title')}</h3>
              <yishi-consensus-form ?busy=${this.busy} @consensus-save=${this.consensus}></yishi-consensus-form>
              ${this.recorded
                .filter((d) => d.agendaItemId === this.agendaItemId)
                .map(
                  (d) => html`<p data-test="decision-recorded">${t('vote.consensus.recorded', { text: d.text })}</p>`,
                )}`
          : nothing
      }
      <yishi-confirm-dialog></yishi-confirm-dialog>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-motion-controls': MotionControls;
  }
}
