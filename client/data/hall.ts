import type { Result } from '../../shared/error-codes.js';
import type { DriveCommand, JoinedMeeting, LiveState } from '../../shared/schemas/meeting.js';
import type { RevokeReason } from '../../shared/events.js';
import { t } from '../i18n/index.js';
import { ApiError } from './api.js';
import { onConnectionChange, sharedSocket, type ConnectionState } from './socket.js';

const ACK_TIMEOUT_MS = 10_000;

/** A live state as received, with how far the server's clock is ahead of this device's. */
export type HallState = LiveState & { clockOffsetMs: number };

export interface HallHandlers {
  /** Every (re)join: who this socket is in the hall, and the state to show. */
  joined(joined: JoinedMeeting & { clockOffsetMs: number }): void;
  /** A newer state than the one shown (older ones, arriving late, are dropped here). */
  state(state: HallState): void;
  /** The join was refused (an expired link, no right to see the meeting): the server's message. */
  refused(error: { code: string; message: string }): void;
  /** The projector link or the pass this page follows with was withdrawn. */
  revoked(reason: RevokeReason): void;
  connection?(state: ConnectionState): void;
}

const withOffset = <T extends LiveState>(state: T): T & { clockOffsetMs: number } => ({
  ...state,
  clockOffsetMs: Date.parse(state.serverNow) - Date.now(),
});

/**
 * Follows a meeting's hall: joins (as staff by session, the projector by its link, a participant
 * by their pass), rejoins after every reconnect — a restarted server included — and hands on
 * only states newer than the one shown, so the screen never steps back. Returns a stop function.
 */
export function followMeeting(
  meetingId: number,
  tokens: { screenToken?: string; inviteToken?: string },
  handlers: HallHandlers,
): () => void {
  const s = sharedSocket();
  let shown = -1;
  let last: LiveState | null = null;
  let status: LiveState['status'] | null = null;
  let viewer: JoinedMeeting['viewer'] | null = null;
  let revoked = false;

  const join = () => {
    if (revoked) return;
    s.timeout(ACK_TIMEOUT_MS).emit(
      'meeting:join',
      { meetingId, ...tokens },
      (err: Error | null, result: Result<JoinedMeeting>) => {
        // A timeout means the connection dropped; the reconnect joins again.
        if (err) return;
        if (!result.ok) return handlers.refused(result.error);
        viewer = result.data.viewer;
        // A broadcast sent just after the server read this state may have overtaken it.
        const state = last && last.version > result.data.version ? { ...result.data, ...last } : result.data;
        shown = state.version;
        status = state.status;
        last = state;
        handlers.joined(withOffset(state));
      },
    );
  };
  const onState = (state: LiveState) => {
    // Equal versions are kept too: the check-in code rotates without a change of version.
    if (state.meetingId !== meetingId || state.version < shown) return;
    const wentLive = status !== 'live' && state.status === 'live';
    shown = state.version;
    status = state.status;
    last = state;
    handlers.state(withOffset(state));
    // A participant following by link before the start is counted once the meeting opens.
    if (wentLive && viewer === 'participant') join();
  };
  const onRevoked = (info: { meetingId: number; reason: RevokeReason }) => {
    if (info.meetingId !== meetingId) return;
    revoked = true;
    handlers.revoked(info.reason);
  };
  s.on('connect', join);
  s.on('meeting:state', onState);
  s.on('meeting:revoked', onRevoked);
  const stopConnection = onConnectionChange((c) => handlers.connection?.(c));
  if (s.connected) join();
  return () => {
    s.off('connect', join);
    s.off('meeting:state', onState);
    s.off('meeting:revoked', onRevoked);
    stopConnection();
  };
}

/** Sends a drive command (next, goto, screen mode, message, timer); fails with the server's message. */
export function driveMeeting(command: DriveCommand): Promise<HallState> {
  const s = sharedSocket();
  return new Promise((resolve, reject) => {
    s.timeout(ACK_TIMEOUT_MS).emit('meeting:drive', command, (err: Error | null, result: Result<LiveState>) => {
      if (err) return reject(new ApiError('network', t('error.network'), 0));
      if (!result.ok) return reject(new ApiError(result.error.code, result.error.message, 0));
      resolve(withOffset(result.data));
    });
  });
}
