import {
  AnnulMotionBody,
  CastVoteBody,
  ConsensusBody,
  CreateMotionBody,
  HandsBody,
  ListMotionsBody,
  MotionRef,
  OpenMotionBody,
} from '../../shared/schemas/vote.js';
import type { Principal } from '../services/access.js';
import type { CommittedTally } from '../services/ballot-writer.js';
import { presentDecision } from '../services/decisions.js';
import type { Services } from '../services/index.js';
import { attach, handle, type SocketHandlers, type YishiServer, type YishiSocket } from './handler.js';
import { publicRoom, staffRoom } from './meetings.js';

/** How often countdowns are checked; a motion closes at most this late (a timer closes it on time). */
const SWEEP_MS = 1_000;

/**
 * A running count reaches the projector at most this often per motion and instance: the first
 * change at once, later ones folded into one broadcast per interval, the last always sent. Ten
 * refreshes a second is faster than a hall can read "已投 523 / 1000". With a broadcast per
 * ballot batch, two instances relaying each other's counts through Redis spent enough on it to
 * double the median acknowledgement of a vote storm (bench:cluster: 12 ms against 7 ms without).
 */
const TALLY_EVERY_MS = 100;

/**
 * Runs `send(key)` at most once at a time per key; calls that arrive meanwhile fold into one more
 * run, started no sooner than `gapMs` after the previous one started. A hall of a thousand
 * phones voting produces a few tally broadcasts, not a thousand.
 */
function coalesced(send: (key: number) => Promise<void>, gapMs = 0): (key: number) => void {
  const running = new Map<number, { again: boolean }>();
  return (key) => {
    const current = running.get(key);
    if (current) {
      current.again = true;
      return;
    }
    const flag = { again: false };
    running.set(key, flag);
    void (async () => {
      try {
        do {
          flag.again = false;
          const started = Date.now();
          await send(key);
          const wait = gapMs - (Date.now() - started);
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref());
        } while (flag.again);
      } finally {
        running.delete(key);
      }
    })();
  };
}

/**
 * Voting over Socket.IO: the console drives motions, phones cast ballots, the projector and the
 * console follow live counts. Every payload is parsed by its schema and authorised by the
 * services; the rooms are the meeting's (staff and projector / participants).
 */
export function voteRealtime(io: YishiServer, s: Services, principalOf: (socket: YishiSocket) => Promise<Principal>) {
  const motionChanged = coalesced(async (motionId) => {
    try {
      const motion = await s.db.models.Motion.findByPk(motionId);
      if (!motion) return;
      const view = await s.motions.view(motion);
      io.to([staffRoom(motion.meetingId), publicRoom(motion.meetingId)]).emit('motion:updated', view);
      if (motion.status === 'open' && motion.closesAt) schedule(motion.id, motion.closesAt);
    } catch (err) {
      s.logger.error({ err, motionId }, 'motion broadcast failed');
    }
  });
  // The newest committed counters per motion; a broadcast in flight folds later commits into one more.
  const latest = new Map<number, CommittedTally>();
  const tallied = coalesced(async (motionId) => {
    const committed = latest.get(motionId);
    if (!committed) return;
    latest.delete(motionId);
    try {
      io.to(staffRoom(committed.motion.meetingId)).emit('vote:tallied', await s.ballots.tally(committed));
    } catch (err) {
      s.logger.error({ err, motionId }, 'tally broadcast failed');
    }
  }, TALLY_EVERY_MS);
  s.hooks.motionChanged = motionChanged;
  s.hooks.votesCounted = (tallies) =>
    tallies.forEach((t) => {
      latest.set(t.motion.id, t);
      tallied(t.motion.id);
    });
  s.hooks.decisionShown = (decisionId) =>
    void (async () => {
      try {
        const decision = await s.db.models.Decision.findByPk(decisionId);
        if (decision) io.to(staffRoom(decision.meetingId)).emit('decision:recorded', presentDecision(decision));
      } catch (err) {
        s.logger.error({ err, decisionId }, 'decision broadcast failed');
      }
    })();

  // Countdowns: a timer closes a motion on time; the sweep catches motions opened on another
  // instance or before a restart, and a clock moved by tests.
  const timers = new Map<number, NodeJS.Timeout>();
  const closeDue = () => void s.motionCloser.closeDue().catch((err) => s.logger.error({ err }, 'sweep failed'));
  function schedule(motionId: number, closesAt: Date) {
    if (timers.has(motionId)) return;
    const delay = Math.max(0, closesAt.getTime() - s.clock.now().getTime());
    const timer = setTimeout(() => {
      timers.delete(motionId);
      closeDue();
    }, delay + 50);
    timer.unref();
    timers.set(motionId, timer);
  }
  const sweep = setInterval(closeDue, SWEEP_MS);
  sweep.unref();

  const staff = async (socket: YishiSocket) => principalOf(socket);

  const handlers: SocketHandlers = {
    'motion:list': handle(s.logger, ListMotionsBody, async ({ meetingId, screenToken, inviteToken }, socket) => {
      const principal = socket.data.userId != null && !screenToken && !inviteToken ? await principalOf(socket) : null;
      const viewer = await s.live.authorise(meetingId, principal, { screenToken, inviteToken });
      await socket.join(viewer.kind === 'participant' ? publicRoom(meetingId) : staffRoom(meetingId));
      const voter = viewer.kind === 'screen' ? null : await s.ballots.voterView(meetingId, principal, inviteToken);
      return { motions: await s.motions.list(meetingId), voter };
    }),
    'motion:create': handle(s.logger, CreateMotionBody, async (body, socket) =>
      s.motions.create(await staff(socket), body),
    ),
    'motion:open': handle(s.logger, OpenMotionBody, async ({ motionId, countdownSeconds }, socket) =>
      s.motions.open(await staff(socket), motionId, countdownSeconds),
    ),
    'motion:close': handle(s.logger, MotionRef, async ({ motionId }, socket) =>
      s.motions.view(await s.motionCloser.close(await staff(socket), motionId)),
    ),
    'motion:annul': handle(s.logger, AnnulMotionBody, async ({ motionId, reason }, socket) =>
      s.motions.annul(await staff(socket), motionId, reason),
    ),
    'motion:hands': handle(s.logger, HandsBody, async ({ motionId, counts, cast }, socket) =>
      s.motions.hands(await staff(socket), motionId, counts, cast),
    ),
    'vote:cast': handle(s.logger, CastVoteBody, async (body, socket) => {
      const principal = !body.inviteToken && socket.data.userId != null ? await principalOf(socket) : null;
      // Told later, to this socket, if the ballot is only received now (a secret choice waits for
      // its mix). A phone that reconnected elsewhere meanwhile resends and hears it in the ack.
      return s.ballots.cast(principal, body, (recorded) => {
        if (socket.connected) socket.emit('vote:recorded', recorded);
      });
    }),
    'decision:record': handle(s.logger, ConsensusBody, async (body, socket) =>
      s.decisions.recordConsensus(await staff(socket), body),
    ),
  };

  return {
    register: (socket: YishiSocket) => attach(socket, handlers),
    close() {
      clearInterval(sweep);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
