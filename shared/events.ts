import type { Result } from './error-codes.js';
import type { SessionUser } from './schemas/session.js';
import type { OrganisationView } from './schemas/organisation.js';
import type { StaffTopicSummary } from './schemas/intake.js';
import type { JoinedMeeting, LiveState } from './schemas/meeting.js';
import type { DecisionView, MotionList, MotionView, TallyView, VoteReceipt } from './schemas/vote.js';
import type { NotificationView, ResolutionSummary } from './schemas/resolution.js';
import type { ProcedureDetail, ProcedureSummary } from './schemas/procedure.js';
import type { CheckinRequestView } from './schemas/checkin.js';

/**
 * Typed Socket.IO event maps, imported by both sides in reverse order (Socket.IO's typed-events
 * example): `new Server<ClientToServerEvents, ServerToClientEvents>()` on the server and
 * `Socket<ServerToClientEvents, ClientToServerEvents>` in the browser.
 * Requests are imperative (`session:get`) and answer through an ack carrying Result<T>;
 * broadcasts are past tense (`organisation:updated`).
 */
export interface ClientToServerEvents {
  /** Who am I on this socket? Anonymous sockets get `null`. */
  'session:get': (payload: unknown, ack: (result: Result<SessionUser | null>) => void) => void;
  /** Join the live updates of an organisation the user may see. */
  'organisation:watch': (payload: unknown, ack: (result: Result<{ organisationId: number }>) => void) => void;
  /** Reviewers join the live review queue of an organisation (and everything below it). */
  'review:watch': (
    payload: unknown,
    ack: (result: Result<{ organisationId: number; openCount: number }>) => void,
  ) => void;
  /** Follow a meeting's hall: staff by session, the projector by its screen token, participants by theirs. */
  'meeting:join': (payload: unknown, ack: (result: Result<JoinedMeeting>) => void) => void;
  /** The convener or a secretary moves the hall: next/previous/goto item, screen mode, message, timer. */
  'meeting:drive': (payload: unknown, ack: (result: Result<LiveState>) => void) => void;
  /**
   * Voting. `motion:list` follows a meeting's motions like `meeting:join` (staff by session, the
   * projector by screen token, a phone by invite token) and tells a phone whether it may vote.
   */
  'motion:list': (payload: unknown, ack: (result: Result<MotionList>) => void) => void;
  /** The convener or a secretary drafts a motion on an agenda item, opens it (optional countdown), closes it. */
  'motion:create': (payload: unknown, ack: (result: Result<MotionView>) => void) => void;
  'motion:open': (payload: unknown, ack: (result: Result<MotionView>) => void) => void;
  'motion:close': (payload: unknown, ack: (result: Result<MotionView>) => void) => void;
  /** The meeting's convener (or an admin) annuls a motion, giving a reason. */
  'motion:annul': (payload: unknown, ack: (result: Result<MotionView>) => void) => void;
  /** A secretary enters show-of-hands counts (never more than those present). */
  'motion:hands': (payload: unknown, ack: (result: Result<MotionView>) => void) => void;
  /**
   * A checked-in member votes; the ack carries the receipt, the same one for a retry, and says
   * whether the ballot is recorded or only received (a secret ballot waits for a mix; see
   * `vote:recorded`). Resending a received ballot with the same client ballot id is safe.
   */
  'vote:cast': (payload: unknown, ack: (result: Result<VoteReceipt>) => void) => void;
  /** The convener records that an agenda item was agreed by consensus. */
  'decision:record': (payload: unknown, ack: (result: Result<DecisionView>) => void) => void;
  /** Follow resolutions live: `follow` for the villages one follows, `inbox` for the units one works for. */
  'resolutions:watch': (payload: unknown, ack: (result: Result<{ rooms: number }>) => void) => void;
  /** Statistics' big screen follows an organisation the user's roles cover (and everything below it). */
  'stats:watch': (payload: unknown, ack: (result: Result<{ organisationId: number }>) => void) => void;
  /** 四议两公开: follow the major matters of an organisation the user may see (and everything below it). */
  'procedures:watch': (payload: unknown, ack: (result: Result<{ organisationId: number }>) => void) => void;
  /** Put a procedure's next stage on a meeting's agenda: the same order and body checks as REST. */
  'procedure:schedule': (payload: unknown, ack: (result: Result<ProcedureDetail>) => void) => void;
}

export interface ServerToClientEvents {
  'organisation:updated': (organisation: OrganisationView) => void;
  /** Sent before the server closes sockets on shutdown: reconnect after the hint. */
  'server:restarting': (hint: { reconnectInMs: number }) => void;
  /** A session ended elsewhere (logout everywhere, account disabled): the client must log in again. */
  'session:ended': () => void;
  /** A resident submitted a topic in a watched organisation. */
  'topic:received': (topic: StaffTopicSummary) => void;
  /** A topic changed: reviewed, accepted, merged, declined, referred or co-signed. */
  'topic:updated': (topic: StaffTopicSummary) => void;
  /** The hall changed; keep it if its version is newer than the one you show. */
  'meeting:state': (state: LiveState) => void;
  /**
   * The projector link or the participant's pass this socket joined with was withdrawn or replaced;
   * `replaced`: the desk confirmed another device for this person (issue 13), so the phone says why.
   */
  'meeting:revoked': (info: { meetingId: number; reason: RevokeReason }) => void;
  /** The desk (staff of the meeting only): a phone without a pass asks to check in as someone. */
  'checkin:requested': (request: CheckinRequestView) => void;
  /** The desk: a request was confirmed or rejected (with who decided), on any console. */
  'checkin:decided': (request: CheckinRequestView) => void;
  /** A motion was created, opened, counted by hand, closed (with its result) or annulled. */
  'motion:updated': (motion: MotionView) => void;
  /** Ballots were received: "已投 31 / 32", with running counts only where the hall may see them. */
  'vote:tallied': (tally: TallyView) => void;
  /**
   * To the socket that cast it: a ballot acknowledged as received is now recorded (its secret
   * choice is in the counters, in a mix of at least five or at the close).
   */
  'vote:recorded': (ballot: { motionId: number; receipt: string }) => void;
  /** A decision was recorded (or annulled) on an agenda item; staff and the projector only. */
  'decision:recorded': (decision: DecisionView) => void;
  /** A resolution the watcher follows (or works on) changed state, deadline or rating. */
  'resolution:updated': (resolution: ResolutionSummary) => void;
  /** My notifications changed: a new one (in my language), or some were read. */
  'notifications:changed': (change: { unread: number; latest: NotificationView | null }) => void;
  /** Figures under a watched organisation changed (a topic arrived or was acted on, an item closed): reload. */
  'stats:changed': (change: { organisationId: number }) => void;
  /** A major matter under a watched organisation changed (stage decided, published, objected to…). */
  'procedure:updated': (procedure: ProcedureSummary) => void;
}

/**
 * `in_hall`: the person's pass checked them in in the hall (issue 13), so the phone that followed
 * remotely stops — told so, since a leaked pass used in the hall is how its holder would find out.
 */
export type RevokeReason = 'screen_link' | 'pass' | 'replaced' | 'in_hall';

export interface InterServerEvents {
  ping: () => void;
}

export interface SocketData {
  userId: number | null;
  sessionId: number | null;
  locale: import('./roles.js').Locale;
}

/** Every socket event the server handles, for the authorisation matrix test. */
export const CLIENT_EVENTS = [
  'session:get',
  'organisation:watch',
  'review:watch',
  'meeting:join',
  'meeting:drive',
  'motion:list',
  'motion:create',
  'motion:open',
  'motion:close',
  'motion:annul',
  'motion:hands',
  'vote:cast',
  'decision:record',
  'resolutions:watch',
  'stats:watch',
  'procedures:watch',
  'procedure:schedule',
] as const satisfies readonly (keyof ClientToServerEvents)[];
