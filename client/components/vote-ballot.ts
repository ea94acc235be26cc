import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MotionView } from '../../shared/schemas/vote.js';
import { errorMessage } from '../data/api.js';
import { castVote, optionLabels } from '../data/votes.js';
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
 * @summary The ballot on a participant's phone: the open motion's options as big buttons, a
 * confirmation step, then "已投票" with the receipt. Says plainly when the phone may not vote
 * (not checked in, not a member) or the vote has closed. A retry after a lost connection is
 * the same ballot (data/votes.ts keeps its id), so it never counts twice.
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
      .done {
        text-align: center;
        padding: 1rem 0;
      }
      .done .mark {
        font-size: 2.4rem;
        font-weight: 700;
        color: #0b5d1e;
        margin: 0;
      }
      .receipt {
        font-size: 1.6rem;
        letter-spacing: 0.15em;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .actions button {
        flex: 1 1 10rem;
        min-height: 56px;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ type: Number }) meetingId = 0;
  /** The participant token from check-in; empty when a staff member votes by their session. */
  @property() inviteToken = '';
  @state() private selected: number[] = [];
  @state() private confirming = false;
  @state() private sending = false;
  @state() private error = '';
  /** Receipts got in this page, by motion (the server's list carries earlier ones). */
  @state() private receipts = new Map<number, string>();
  private readonly votes = new MotionsController(this, () =>
    this.meetingId
      ? { meetingId: this.meetingId, ...(this.inviteToken ? { inviteToken: this.inviteToken } : {}) }
      : null,
  );
  private shownMotion: number | null = null;

  private receiptFor(motionId: number): string | undefined {
    return this.receipts.get(motionId) ?? this.votes.voter?.receipts.find((r) => r.motionId === motionId)?.receipt;
  }

  override willUpdate(): void {
    // A new motion opened: start its ballot afresh.
    const open = this.openMotion();
    if ((open?.id ?? null) !== this.shownMotion) {
      this.shownMotion = open?.id ?? null;
      this.selected = [];
      this.confirming = false;
      this.error = '';
    }
  }

  private openMotion(): MotionView | undefined {
    return [...this.votes.motions].reverse().find((m) => m.status === 'open');
  }

  private pick(motion: MotionView, option: number): void {
    this.error = '';
    if (motion.maxChoices === 1) {
      this.selected = [option];
      this.confirming = true;
    } else if (this.selected.includes(option)) this.selected = this.selected.filter((x) => x !== option);
    else if (this.selected.length < motion.maxChoices) this.selected = [...this.selected, option].sort((a, b) => a - b);
    else this.error = t('vote.ballot.at_most', { max: motion.maxChoices });
  }

  private async send(motion: MotionView): Promise<void> {
    this.sending = true;
    this.error = '';
    try {
      const { receipt } = await castVote(motion.id, this.selected, this.inviteToken || undefined);
      this.receipts = new Map(this.receipts).set(motion.id, receipt);
      this.confirming = false;
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.sending = false;
    }
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
              aria-pressed=${multi ? String(this.selected.includes(i)) : nothing}
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
          ? html`<button type="button" data-test="ballot-next" @click=${() => (this.confirming = true)}>
              ${t('vote.ballot.next')}
            </button>`
          : nothing
      }`;
  }

  private confirm(motion: MotionView) {
    const labels = optionLabels(motion);
    const chosen = this.selected.length
      ? this.selected.map((i) => labels[i]).join(t('vote.list_separator'))
      : t('vote.ballot.blank');
    return html`<p data-test="ballot-confirm-text">${t('vote.ballot.your_choice', { choice: chosen })}</p>
      <div class="row actions">
        <button type="button" ?disabled=${this.sending} data-test="ballot-confirm" @click=${() => this.send(motion)}>
          ${this.sending ? t('vote.ballot.sending') : t('vote.ballot.confirm')}
        </button>
        <button
          type="button"
          class="secondary"
          ?disabled=${this.sending}
          data-test="ballot-back"
          @click=${() => (this.confirming = false)}
        >
          ${t('vote.ballot.back')}
        </button>
      </div>`;
  }

  private voted(motion: MotionView, receipt: string) {
    return html`<div class="done" role="status" data-test="ballot-done">
      <p class="mark">${t('vote.ballot.voted')}</p>
      <p>${t('vote.ballot.receipt')}</p>
      <p class="receipt" data-test="ballot-receipt">${receipt.slice(0, 4)}-${receipt.slice(4)}</p>
      ${motion.kind === 'secret' ? html`<p class="muted">${t('vote.ballot.secret_note')}</p>` : nothing}
    </div>`;
  }

  /** No open motion: the last result, or a note to watch the big screen. */
  private idle() {
    const last = [...this.votes.motions].reverse().find((m) => m.status === 'closed');
    if (!last) return html`<p data-test="ballot-idle">${t('vote.ballot.none')}</p>`;
    return html`<p data-test="ballot-closed">${t('vote.ballot.closed', { question: last.question })}</p>
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
    const receipt = this.receiptFor(motion.id);
    let body;
    if (receipt) body = this.voted(motion, receipt);
    else if (v.voter.reason)
      body = html`<p class="error" role="alert" data-test="ballot-refused">${t(REFUSAL_KEYS[v.voter.reason])}</p>`;
    else if (motion.kind === 'show_of_hands') body = html`<p data-test="ballot-hands">${t('vote.ballot.hands')}</p>`;
    else body = this.confirming ? this.confirm(motion) : this.choose(motion);
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
