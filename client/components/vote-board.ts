import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MotionView, TallyView } from '../../shared/schemas/vote.js';
import { currentMotion, optionLabels } from '../data/votes.js';
import { LocaleController, locale, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { MotionsController } from './motions-controller.js';
import './vote-bars.js';

/** "已通过", "未通过", or who was elected / what was adopted. */
export function verdict(motion: MotionView): string {
  const r = motion.result;
  if (!r) return '';
  if (motion.form === 'yes_no') return t(r.passed ? 'vote.result.passed' : 'vote.result.failed');
  const names = r.winners.map((i) => motion.options[i] ?? '').join(t('vote.list_separator'));
  const key = motion.form === 'election' ? 'vote.result.elected' : 'vote.result.adopted';
  return r.winners.length ? t(key, { names }) : t(`${key}_none`);
}

/** The live progress of a vote as the hall should see it: cast never goes back. */
export function progressOf(motion: MotionView, tally: TallyView | undefined) {
  const cast = Math.max(motion.cast, tally?.cast ?? 0);
  const present = motion.status === 'open' ? (tally?.present ?? motion.present) : motion.present;
  return { cast, present, counts: motion.status === 'open' ? (tally?.counts ?? motion.counts) : motion.counts };
}

/**
 * @summary The projector's vote board: the question, ballots cast against voters present, live
 * ("已投 31 / 32"); running bars only for open (记名) ballots the convener chose to show live, none
 * for secret ones; at close the bars, counts, the verdict and the rule sentence with its numbers.
 * Follows the meeting by itself (`meetingId` with the projector's `screenToken`, or a staff session).
 */
@customElement('yishi-vote-board')
export class VoteBoard extends LitElement {
  static override styles = [
    shared,
    css`
      /* Colours come from custom properties so the projector (white on black) can restyle the
         board it embeds; the defaults are the staff pages' ink on white. */
      :host {
        display: block;
        font-size: var(--yishi-board-size, clamp(1.2rem, 2.4vw, 2.4rem));
        color: var(--yishi-ink, #1b1f24);
      }
      h2 {
        font-size: 1.5em;
        margin: 0 0 0.5em;
      }
      .kind {
        color: var(--yishi-muted, #4a545e);
        margin: 0 0 0.5em;
      }
      .cast {
        font-size: 2.2em;
        font-weight: 700;
        margin: 0.25em 0;
        font-variant-numeric: tabular-nums;
      }
      .verdict {
        font-size: 2em;
        font-weight: 700;
        margin: 0.5em 0;
      }
      .verdict.passed {
        color: var(--yishi-pass, #0b5d1e);
      }
      .verdict.failed {
        color: var(--yishi-fail, #a4161a);
      }
      .statement {
        margin-top: 1em;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ type: Number }) meetingId = 0;
  /** The projector's token from its link; empty for a staff member's own screen. */
  @property() screenToken = '';
  /** Only motions of this agenda item (the current one); all when null. */
  @property({ type: Number }) agendaItemId: number | null = null;
  @state() private now = Date.now();
  private readonly votes = new MotionsController(this, () =>
    this.meetingId
      ? { meetingId: this.meetingId, ...(this.screenToken ? { screenToken: this.screenToken } : {}) }
      : null,
  );
  private ticker: ReturnType<typeof setInterval> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // Redraws the countdown; nothing else depends on the local clock.
    this.ticker = setInterval(() => (this.now = Date.now()), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.ticker) clearInterval(this.ticker);
  }

  private countdown(motion: MotionView) {
    if (motion.status !== 'open' || !motion.closesAt) return nothing;
    const left = Math.max(0, Math.ceil((new Date(motion.closesAt).getTime() - this.now) / 1000));
    const time = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
    return html`<p data-test="vote-countdown">${t('vote.board.countdown', { time })}</p>`;
  }

  private body(motion: MotionView) {
    const { cast, present, counts } = progressOf(motion, this.votes.tallies.get(motion.id));
    const labels = optionLabels(motion);
    if (motion.status === 'annulled')
      return html`<p class="verdict failed" data-test="vote-verdict">${t('vote.board.annulled')}</p>
        <p>${t('vote.board.annul_reason', { reason: motion.annulReason ?? '' })}</p>`;
    if (motion.status === 'closed' && motion.result)
      return html`<p class="verdict ${motion.result.passed ? 'passed' : 'failed'}" data-test="vote-verdict">
          ${verdict(motion)}
        </p>
        <yishi-vote-bars
          large
          .labels=${labels}
          .counts=${motion.result.counts}
          .winners=${motion.result.winners}
          .total=${motion.result.cast}
        ></yishi-vote-bars>
        <p class="statement" data-test="vote-statement">${motion.result.statement[locale()]}</p>`;
    return html`<p class="cast" role="status" data-test="vote-cast">
        ${
          motion.kind === 'show_of_hands'
            ? t(counts ? 'vote.board.hands_entered' : 'vote.board.hands_counting', { present })
            : t('vote.board.cast', { cast, present })
        }
      </p>
      ${this.countdown(motion)}
      ${
        counts
          ? html`<yishi-vote-bars large .labels=${labels} .counts=${counts} .total=${cast}></yishi-vote-bars>`
          : motion.kind === 'secret'
            ? html`<p>${t('vote.board.secret_until_close')}</p>`
            : nothing
      }`;
  }

  override render() {
    if (this.votes.error) return html`<p class="error" role="alert">${this.votes.error}</p>`;
    const motion = currentMotion(this.votes.motions, this.agendaItemId);
    if (!motion) return html`<p data-test="vote-idle">${t('vote.board.none')}</p>`;
    return html`<section aria-labelledby="vote-question" data-test="vote-board" data-status=${motion.status}>
      <h2 id="vote-question">${motion.question}</h2>
      <p class="kind">${t(`vote.kind.${motion.kind}`)} · ${t(`vote.status.${motion.status}`)}</p>
      ${this.body(motion)}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-vote-board': VoteBoard;
  }
}
