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

/**
 * Casts a ballot and resolves with its receipt. On a weak signal the acknowledgement may be lost:
 * it retries (after reconnecting) with the same ballot id, which the server answers with the same
 * receipt and counts once. A refusal (closed, not checked in…) is thrown at once.
 */
export async function castVote(motionId: number, choices: number[], inviteToken?: string): Promise<VoteReceipt> {
  const payload = { motionId, choices, clientBallotId: ballotIdFor(motionId), ...(inviteToken ? { inviteToken } : {}) };
  for (let attempt = 0; ; attempt++) {
    try {
      return await ask<VoteReceipt>('vote:cast', payload);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'network' || attempt >= 4) throw err;
      await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
    }
  }
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
