import type { Result } from '../../shared/error-codes.js';
import type { ClientToServerEvents } from '../../shared/events.js';
import { YES_NO_KEYS } from '../../shared/rules/ballot.js';
import type {
  ConsensusBody,
  CreateMotionBody,
  DecisionView,
  MotionList,
  MotionView,
  TallyView,
  VoteReceipt,
} from '../../shared/schemas/vote.js';
import { t } from '../i18n/index.js';
import { ApiError } from './api.js';
import { connection } from './socket.js';

const ACK_TIMEOUT_MS = 10_000;

/** How a screen follows a meeting's votes: staff by their session, the projector or a phone by token. */
export interface MeetingAccess {
  meetingId: number;
  screenToken?: string;
  inviteToken?: string;
}

/** Emits a request and turns its Result into a value or an ApiError with the server's message. */
async function ask<T>(event: keyof ClientToServerEvents, payload: unknown): Promise<T> {
  const s = connection();
  let result: Result<T>;
  try {
    result = (await (s.timeout(ACK_TIMEOUT_MS).emitWithAck as (e: string, p: unknown) => Promise<Result<T>>)(
      event,
      payload,
    )) as Result<T>;
  } catch {
    throw new ApiError('network', t('error.network'), 0);
  }
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, 0, fieldsOf(result.error.details));
  return result.data;
}

function fieldsOf(details: unknown): { path: string; message: string }[] {
  const fields = (details as { fields?: unknown } | undefined)?.fields;
  return Array.isArray(fields) ? (fields as { path: string; message: string }[]) : [];
}

export interface MotionHandlers {
  /** The motions and (phones, staff invitees) the voter's standing: first, and again after every reconnect. */
  list(list: MotionList): void;
  motion?(motion: MotionView): void;
  tally?(tally: TallyView): void;
  decision?(decision: DecisionView): void;
  error?(error: ApiError): void;
}

/**
 * Follows the motions of a meeting. Lists again after every reconnect, since a new socket starts
 * in no rooms and broadcasts may have been missed meanwhile. Returns the unsubscribe function.
 */
export function followMotions(access: MeetingAccess, handlers: MotionHandlers): () => void {
  const s = connection();
  const list = () => {
    ask<MotionList>('motion:list', access).then(handlers.list, (err: ApiError) => handlers.error?.(err));
  };
  const onMotion = (m: MotionView) => m.meetingId === access.meetingId && handlers.motion?.(m);
  const onTally = (x: TallyView) => x.meetingId === access.meetingId && handlers.tally?.(x);
  const onDecision = (d: DecisionView) => d.meetingId === access.meetingId && handlers.decision?.(d);
  s.on('connect', list);
  s.on('motion:updated', onMotion);
  s.on('vote:tallied', onTally);
  s.on('decision:recorded', onDecision);
  if (s.connected) list();
  else if (!s.active) s.connect();
  return () => {
    s.off('connect', list);
    s.off('motion:updated', onMotion);
    s.off('vote:tallied', onTally);
    s.off('decision:recorded', onDecision);
  };
}

/** A random id for a ballot; crypto.randomUUID needs a secure context, which a LAN address is not. */
function newBallotId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `b-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The phone's ballot id for a motion, kept across reloads so a retry is recognised as the same ballot. */
function ballotIdFor(motionId: number): string {
  const key = `yishi.ballot.${motionId}`;
  try {
    const kept = localStorage.getItem(key);
    if (kept) return kept;
    const id = newBallotId();
    localStorage.setItem(key, id);
    return id;
  } catch {
    return (memoryIds[motionId] ??= newBallotId());
  }
}
const memoryIds: Record<number, string> = {};

/** A ballot sent and not yet heard "recorded" for: kept on the phone and resent until it is. */
interface PendingBallot {
  motionId: number;
  choices: number[];
  clientBallotId: string;
  inviteToken?: string;
  receipt?: string;
}

const PENDING_KEY = 'yishi.pending-ballots';
let memoryPending: PendingBallot[] = [];

function loadPending(): PendingBallot[] {
  try {
    const kept = JSON.parse(localStorage.getItem(PENDING_KEY) ?? '[]') as unknown;
    return Array.isArray(kept) ? (kept as PendingBallot[]) : [];
  } catch {
    return memoryPending;
  }
}

function savePending(list: PendingBallot[]): void {
  memoryPending = list;
  try {
    localStorage.setItem(PENDING_KEY, JSON.stringify(list));
  } catch {
    // Private mode or a full storage: the list lives in memory for this page.
  }
}

const keepPending = (b: PendingBallot) => savePending([...loadPending().filter((p) => p.motionId !== b.motionId), b]);
const dropPending = (motionId: number) => savePending(loadPending().filter((p) => p.motionId !== motionId));

/** What the phone knows of its ballot on a motion: received (a receipt), then recorded; or why it failed. */
export interface BallotNews {
  motionId: number;
  receipt: string | null;
  recorded: boolean;
  error?: string;
}

/**
 * Sends a kept ballot and remembers the answer: recorded ends it; received keeps it (with its
 * receipt) to resend after the next reconnect; a refusal (the vote closed before it was
 * recorded) ends it with the server's reason. A lost connection keeps it for the next reconnect.
 */
async function send(b: PendingBallot): Promise<BallotNews> {
  const { receipt: _kept, ...payload } = b;
  try {
    const ack = await ask<VoteReceipt>('vote:cast', payload);
    if (ack.recorded) dropPending(b.motionId);
    else keepPending({ ...b, receipt: ack.receipt });
    return { motionId: b.motionId, receipt: ack.receipt, recorded: ack.recorded };
  } catch (err) {
    if (err instanceof ApiError && err.code !== 'network') dropPending(b.motionId);
    throw err;
  }
}

/**
 * Casts a ballot and resolves at the first acknowledgement: `recorded` true, or false when the
 * server has only received it (a secret ballot waits to be recorded with others). The ballot is
 * kept on the phone (localStorage) with its id until the server says recorded: `followBallots`
 * resends it after every reconnect. The same id makes every resend the same ballot, counted once.
 * A refusal (closed, not checked in…) is thrown at once; a lost connection is retried a few times.
 */
export async function castVote(motionId: number, choices: number[], inviteToken?: string): Promise<VoteReceipt> {
  const ballot: PendingBallot = {
    motionId,
    choices,
    clientBallotId: ballotIdFor(motionId),
    ...(inviteToken ? { inviteToken } : {}),
  };
  keepPending(ballot);
  for (let attempt = 0; ; attempt++) {
    try {
      const news = await send(ballot);
      return { motionId, receipt: news.receipt!, replayed: false, recorded: news.recorded };
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'network' || attempt >= 4) throw err;
      await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
    }
  }
}

/**
 * Follows this phone's ballots until each is recorded: the server's `vote:recorded`, and after
 * every (re)connect each kept ballot resent. Returns the unsubscribe function.
 */
export function followBallots(news: (n: BallotNews) => void): () => void {
  const s = connection();
  const onRecorded = ({ motionId, receipt }: { motionId: number; receipt: string }) => {
    dropPending(motionId);
    news({ motionId, receipt, recorded: true });
  };
  const resend = () => {
    for (const b of loadPending())
      send(b).then(news, (err: unknown) => {
        if (err instanceof ApiError && err.code !== 'network')
          news({ motionId: b.motionId, receipt: b.receipt ?? null, recorded: false, error: err.message });
      });
  };
  s.on('vote:recorded', onRecorded);
  s.on('connect', resend);
  if (s.connected) resend();
  return () => {
    s.off('vote:recorded', onRecorded);
    s.off('connect', resend);
  };
}

export const createMotion = (body: Omit<CreateMotionBody, 'liveTally'> & { liveTally?: boolean }) =>
  ask<MotionView>('motion:create', body);
export const openMotion = (motionId: number, countdownSeconds?: number) =>
  ask<MotionView>('motion:open', { motionId, ...(countdownSeconds ? { countdownSeconds } : {}) });
export const closeMotion = (motionId: number) => ask<MotionView>('motion:close', { motionId });
export const annulMotion = (motionId: number, reason: string) => ask<MotionView>('motion:annul', { motionId, reason });
export const enterHands = (motionId: number, counts: number[], cast?: number) =>
  ask<MotionView>('motion:hands', { motionId, counts, ...(cast === undefined ? {} : { cast }) });
export const recordConsensus = (body: ConsensusBody) => ask<DecisionView>('decision:record', body);

/** The labels of a motion's options: 赞成/反对/弃权 in the current language, or its own. */
export const optionLabels = (motion: Pick<MotionView, 'form' | 'options'>): string[] =>
  motion.form === 'yes_no' ? YES_NO_KEYS.map((k) => t(`vote.option.${k}`)) : motion.options;

/** The motion a hall screen should show: the newest open one, else the newest closed or annulled. */
export function currentMotion(motions: MotionView[], agendaItemId?: number | null): MotionView | null {
  const here = agendaItemId ? motions.filter((m) => m.agendaItemId === agendaItemId) : motions;
  const newest = [...here].reverse();
  return newest.find((m) => m.status === 'open') ?? newest.find((m) => m.status !== 'draft') ?? null;
}

/** Replaces a motion in a list by id (newer versions only), or appends it. */
export function mergeMotion(motions: MotionView[], next: MotionView): MotionView[] {
  const i = motions.findIndex((m) => m.id === next.id);
  if (i < 0) return [...motions, next];
  if (motions[i]!.version > next.version) return motions;
  return motions.map((m, j) => (j === i ? next : m));
}
