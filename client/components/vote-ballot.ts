import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MotionView } from '../../shared/schemas/vote.js';
import { errorMessage } from '../data/api.js';
import { castVote, followBallots, optionLabels, type BallotNews } from '../data/votes.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { MotionsController } from './motions-controller.js';
import { verdict } from './vote-board.js';

/** What the phone shows when it may not vote, by the server's reason. */
const REFUSAL_KEYS = {
  not_member: 'vote.error.not_member',
  not_checked_in: 'vote.error.not_checked_in',
  remote_not_allowed: 'vote.error.remote_not_allowed',
} as const;

/**
 * @summary The ballot on a participant's phone, one clear step: tapping a big choice casts the
 * vote (a choice of several or an election: pick, then one "投票"). It then shows 已收到 with the
 * receipt as soon as the server has the ballot, and 已记录 only once the server says it is
 * recorded (a secret ballot waits to be recorded together with at least four others, or at the
 * close). Until then the phone keeps the ballot and resends it after a reconnect (data/votes.ts;
 * the same ballot id, so it never counts twice). Says plainly when the phone may not vote (not
 * checked in, not a member) or the vote has closed.
 */
@customElement('yishi-vote-ballot')
export class VoteBallot extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        font-size: 1.15rem;
      }
      h2 {
        margin-top: 0;
      }
      .choices {
        display: grid;
        gap: 0.75rem;
        margin: 1rem 0;
      }
      .choices button {
        min-height: 64px;
        font-size: 1.3rem;
        width: 100%;
      }
      .choices button[aria-pressed='false'] {
        background: #fff;
        color: #0b57a4;
      }
      .submit {
        width: 100%;
        min-height: 64px;
        font-size: 1.3rem;
      }
      .done {
        text-align: center;
        padding: 1rem 0;
      }
      .done .mark {
        font-size: 2.4rem;
        font-weight: 700;
        margin: 0;
        color: #7a4d00;
      }
      .done[data-state='recorded'] .mark {
        color: #0b5d1e;
      }
      .receipt {
        font-size: 1.6rem;
        letter-spacing: 0.15em;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ type: Number }) meetingId = 0;
  /** The participant token from check-in; empty when a staff member votes by their session. */
  @property() inviteToken = '';
  @state() private selected: number[] = [];
  @state() private sending = false;
  @state() private error = '';
  /** What this page learnt of its ballots, by motion (the server's list carries earlier receipts). */
  @state() private ballots = new Map<number, BallotNews & { choices?: number[] }>();
  private readonly votes = new MotionsController(this, () =>
    this.meetingId
      ? { meetingId: this.meetingId, ...(this.inviteToken ? { inviteToken: this.inviteToken } : {}) }
      : null,
  );
  private shownMotion: number | null = null;
  private unfollow: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unfollow = followBallots((n) => this.learn(n));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unfollow?.();
    this.unfollow = null;
  }

  private learn(news: BallotNews & { choices?: number[] }): void {
    const known = this.ballots.get(news.motionId);
    // "Recorded" is final: a late "received" answer never takes it back.
    if (known?.recorded && !news.recorded) return;
    this.ballots = new Map(this.ballots).set(news.motionId, {
      ...known,
      ...news,
      receipt: news.receipt ?? known?.receipt ?? null,
    });
  }

  /** This phone's ballot on a motion: from this page, else from the server's list after a reload. */
  private ballotFor(motionId: number): { receipt: string; recorded: boolean; choices?: number[] } | null {
    const mine = this.ballots.get(motionId);
    const listed = this.votes.voter?.receipts.find((r) => r.motionId === motionId);
    const receipt = mine?.receipt ?? listed?.receipt;
    if (!receipt) return null;
    return { receipt, recorded: Boolean(mine?.recorded || listed?.recorded), choices: mine?.choices };
  }

  override willUpdate(): void {
    // A new motion opened: start its ballot afresh.
    const open = this.openMotion();
    if ((open?.id ?? null) !== this.shownMotion) {
      this.shownMotion = open?.id ?? null;
      this.selected = [];
      this.error = '';
    }
  }

  private openMotion(): MotionView | undefined {
    return [...this.votes.motions].reverse().find((m) => m.status === 'open');
  }

  private pick(motion: MotionView, option: number): void {
    this.error = '';
    if (motion.maxChoices === 1) void this.send(motion, [option]);
    else if (this.selected.includes(option)) this.selected = this.selected.filter((x) => x !== option);
    else if (this.selected.length < motion.maxChoices) this.selected = [...this.selected, option].sort((a, b) => a - b);
    else this.error = t('vote.ballot.at_most', { max: motion.maxChoices });
  }

  private async send(motion: MotionView, choices: number[]): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    this.selected = choices;
    this.error = '';
    try {
      const { receipt, recorded } = await castVote(motion.id, choices, this.inviteToken || undefined);
      this.learn({ motionId: motion.id, receipt, recorded, choices });
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.sending = false;
    }
  }

  private chosen(motion: MotionView, choices: number[]): string {
    const labels = optionLabels(motion);
    return choices.length ? choices.map((i) => labels[i]).join(t('vote.list_separator')) : t('vote.ballot.blank');
  }

  private choose(motion: MotionView) {
    const labels = optionLabels(motion);
    const multi = motion.maxChoices > 1;
    return html`<p>
        ${multi ? t('vote.ballot.choose_up_to', { max: motion.maxChoices }) : t('vote.ballot.choose_one')}
      </p>
      <div class="choices" role="group" aria-label=${motion.question}>
        ${labels.map(
          (label, i) =>
            html`<button
              type="button"
              aria-pressed=${multi || this.sending ? String(this.selected.includes(i)) : nothing}
              ?disabled=${this.sending}
              data-test="ballot-option"
              data-option=${i}
              @click=${() => this.pick(motion, i)}
            >
              ${label}
            </button>`,
        )}
      </div>
      ${
        multi
          ? html`<button
              type="button"
              class="submit"
              ?disabled=${this.sending}
              data-test="ballot-submit"
              @click=${() => this.send(motion, this.selected)}
            >
              ${t('vote.ballot.submit', { count: this.selected.length })}
            </button>`
          : nothing
      }
      ${this.sending ? html`<p role="status" data-test="ballot-sending">${t('vote.ballot.sending')}</p>` : nothing}`;
  }

  private voted(motion: MotionView, ballot: { receipt: string; recorded: boolean; choices?: number[] }) {
    const { receipt, recorded, choices } = ballot;
    return html`<div
      class="done"
      role="status"
      data-test="ballot-done"
      data-state=${recorded ? 'recorded' : 'received'}
    >
      ${choices ? html`<p data-test="ballot-choice">${t('vote.ballot.your_choice', { choice: this.chosen(motion, choices) })}</p>` : nothing}
      <p class="mark" data-test="ballot-status">${recorded ? t('vote.ballot.recorded') : t('vote.ballot.received')}</p>
      ${
        recorded
          ? nothing
          : html`<p class="muted">
              ${t(motion.kind === 'secret' ? 'vote.ballot.received_secret_note' : 'vote.ballot.received_note')}
            </p>`
      }
      <p>${t('vote.ballot.receipt')}</p>
      <p class="receipt" data-test="ballot-receipt">${receipt.slice(0, 4)}-${receipt.slice(4)}</p>
      ${motion.kind === 'secret' ? html`<p class="muted">${t('vote.ballot.secret_note')}</p>` : nothing}
    </div>`;
  }

  /** No open motion: the last result, or a note to watch the big screen. */
  private idle() {
    const last = [...this.votes.motions].reverse().find((m) => m.status === 'closed');
    if (!last) return html`<p data-test="ballot-idle">${t('vote.ballot.none')}</p>`;
    const mine = this.ballots.get(last.id);
    return html`${
        mine?.error && !mine.recorded
          ? html`<p class="error" role="alert" data-test="ballot-not-recorded">${t('vote.ballot.not_recorded')}</p>`
          : nothing
      }
      <p data-test="ballot-closed">${t('vote.ballot.closed', { question: last.question })}</p>
      <p><strong>${verdict(last)}</strong></p>`;
  }

  override render() {
    const v = this.votes;
    if (v.error) return html`<p class="error" role="alert">${v.error}</p>`;
    if (!v.loaded) return html`<p>${t('vote.ballot.loading')}</p>`;
    if (!v.voter)
      return html`<p class="error" role="alert" data-test="ballot-refused">${t('vote.error.not_member')}</p>`;
    const motion = this.openMotion();
    if (!motion) return html`<section aria-live="polite">${this.idle()}</section>`;
    const ballot = this.ballotFor(motion.id);
    let body;
    if (ballot) body = this.voted(motion, ballot);
    else if (v.voter.reason)
      body = html`<p class="error" role="alert" data-test="ballot-refused">${t(REFUSAL_KEYS[v.voter.reason])}</p>`;
    else if (motion.kind === 'show_of_hands') body = html`<p data-test="ballot-hands">${t('vote.ballot.hands')}</p>`;
    else body = this.choose(motion);
    return html`<section aria-labelledby="ballot-question" data-test="ballot">
      <h2 id="ballot-question">${motion.question}</h2>
      <p class="muted">${t(`vote.kind.${motion.kind}`)}</p>
      ${body}
      <p class="error" role="alert" data-test="ballot-error">${this.error}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-vote-ballot': VoteBallot;
  }
}
