import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DecisionView, MotionView, TallyView, VoterView } from '../../shared/schemas/vote.js';
import { errorMessage } from '../data/api.js';
import { followMotions, mergeMotion, type MeetingAccess } from '../data/votes.js';

/**
 * Keeps a host element following a meeting's motions: the list, live tallies, decisions and (on
 * a phone) the voter's standing. Follows again when the access it reads changes, stops when the
 * host leaves the page, and asks the host to render after every change.
 */
export class MotionsController implements ReactiveController {
  motions: MotionView[] = [];
  tallies = new Map<number, TallyView>();
  decisions: DecisionView[] = [];
  voter: VoterView | null = null;
  loaded = false;
  error = '';
  private unfollow: (() => void) | null = null;
  private key = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The meeting and credentials to follow with, or null while the host has none yet. */
    private readonly access: () => MeetingAccess | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.follow();
  }

  hostUpdate(): void {
    this.follow();
  }

  hostDisconnected(): void {
    this.unfollow?.();
    this.unfollow = null;
    this.key = '';
  }

  /** A motion the host changed itself (the ack of a command), before its broadcast arrives. */
  apply(motion: MotionView): void {
    this.motions = mergeMotion(this.motions, motion);
    this.host.requestUpdate();
  }

  private follow(): void {
    const access = this.access();
    const key = access?.meetingId ? JSON.stringify(access) : '';
    if (key === this.key) return;
    this.unfollow?.();
    this.unfollow = null;
    this.key = key;
    this.loaded = false;
    if (!access || !key) return;
    this.unfollow = followMotions(access, {
      list: (list) => {
        this.motions = list.motions;
        this.voter = list.voter;
        this.loaded = true;
        this.error = '';
        this.host.requestUpdate();
      },
      motion: (m) => this.apply(m),
      tally: (x) => {
        // Counts only grow while a motion is open. With several instances two pushes can cross
        // (one came through Redis, one did not): an older, lower count must not replace a newer.
        if ((this.tallies.get(x.motionId)?.cast ?? -1) > x.cast) return;
        this.tallies = new Map(this.tallies).set(x.motionId, x);
        this.host.requestUpdate();
      },
      decision: (d) => {
        this.decisions = [...this.decisions.filter((x) => x.id !== d.id), d];
        this.host.requestUpdate();
      },
      error: (err) => {
        this.error = errorMessage(err);
        this.loaded = true;
        this.host.requestUpdate();
      },
    });
  }
}
