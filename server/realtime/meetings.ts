import { CHECKIN_PERIOD_MS } from '../../shared/rules/meeting.js';
import { DriveCommand, JoinMeeting, type JoinedMeeting } from '../../shared/schemas/meeting.js';
import type { Meeting } from '../db/models/meeting.js';
import type { RevokeReason } from '../../shared/events.js';
import type { Principal } from '../services/access.js';
import type { Services } from '../services/index.js';
import { attach, handle, type SocketHandlers, type YishiSocket } from './handler.js';
import type { YishiServer } from './handler.js';

/** Staff and the projector see the check-in code; participants' phones do not. */
export const staffRoom = (id: number) => `meeting:${id}:staff`;
export const publicRoom = (id: number) => `meeting:${id}:public`;
/** Projectors, so a withdrawn link can be ended. */
const screenRoom = (id: number) => `meeting:${id}:screen`;
export const isScreenRoom = (room: string) => /^meeting:\d+:screen$/.test(room);
/** Staff consoles, where the desk (签到台) sees check-in requests by name; never the projector or phones. */
const deskRoom = (id: number) => `meeting:${id}:desk`;
/** The phones of one participant, so a replaced or withdrawn pass can be ended. */
const passRoom = (id: number, inviteeId: number) => `meeting:${id}:pass:${inviteeId}`;

/**
 * Live meetings over Socket.IO. The server holds the state; clients join, render what they are
 * sent, and (convener, secretaries) send drive commands that are validated and authorised here.
 */
export function meetingRealtime(
  io: YishiServer,
  s: Services,
  principalOf: (socket: YishiSocket) => Promise<Principal>,
) {
  const watched = (meetingId: number) =>
    [staffRoom(meetingId), publicRoom(meetingId)].some((room) => io.sockets.adapter.rooms.get(room)?.size);

  /**
   * A change is broadcast by the instance where it happened, to the rooms on every instance.
   * Refreshes that every instance does for itself (the rotating code, a resync after a Redis
   * outage) go to this instance's sockets only, or each instance would send each one N times.
   */
  const send = async (meetingId: number, scope: 'cluster' | 'local', written?: Meeting) => {
    try {
      // Nobody in the hall on this instance (a hall full of check-ins before the projector is
      // on): nothing to read or send. Only knowable alone: with Redis, other instances' rooms
      // are not visible here, so cluster-wide changes are always sent.
      if ((scope === 'local' || !s.cluster.redis) && !watched(meetingId)) return;
      const meeting = written ?? (await s.db.models.Meeting.findByPk(meetingId));
      if (!meeting) return;
      const state = await s.live.state(meeting, true);
      const to = (room: string) => (scope === 'local' ? io.local.to(room) : io.to(room));
      to(staffRoom(meetingId)).emit('meeting:state', state);
      to(publicRoom(meetingId)).emit('meeting:state', { ...state, checkin: null });
    } catch (err) {
      s.logger.error({ err, meetingId }, 'meeting broadcast failed');
    }
  };
  /**
   * One broadcast at a time per meeting; changes that arrive meanwhile (a hall full of people
   * checking in at once) are folded into one more broadcast of the newest state.
   */
  const running = new Map<string, { again: boolean }>();
  const broadcast = async (meetingId: number, scope: 'cluster' | 'local' = 'cluster', written?: Meeting) => {
    const key = `${scope}:${meetingId}`;
    const current = running.get(key);
    if (current) {
      current.again = true;
      return;
    }
    const flag = { again: false };
    running.set(key, flag);
    try {
      await send(meetingId, scope, written);
      // Whatever changed meanwhile is read afresh: the row given may no longer be the newest.
      while (flag.again) {
        flag.again = false;
        await send(meetingId, scope);
      }
    } finally {
      running.delete(key);
    }
  };
  s.hooks.meetingChanged = (id, written) => void broadcast(id, 'cluster', written);

  /** Ends the sockets that joined with a link or pass that no longer works; they are told why. */
  const revoke = (room: string, leave: string[], meetingId: number, reason: RevokeReason) => {
    io.to(room).emit('meeting:revoked', { meetingId, reason });
    io.in(room).socketsLeave([...leave, room]);
  };
  s.hooks.screenRevoked = (id) => revoke(screenRoom(id), [staffRoom(id)], id, 'screen_link');
  s.hooks.passRevoked = (id, inviteeId, reason = 'pass') =>
    revoke(passRoom(id, inviteeId), [publicRoom(id)], id, reason);
  s.hooks.passReplaced = (id, inviteeId) => revoke(passRoom(id, inviteeId), [publicRoom(id)], id, 'replaced');
  s.hooks.checkinRequestChanged = (id, request, created) =>
    io.to(deskRoom(id)).emit(created ? 'checkin:requested' : 'checkin:decided', request);

  /** The meetings some socket on this instance follows, from its rooms. */
  const localMeetings = (only?: 'staff') => {
    const ids = new Set<number>();
    for (const [room, members] of io.sockets.adapter.rooms) {
      const match = /^meeting:(\d+):(staff|public)$/.exec(room);
      if (match && members.size && (!only || match[2] === only)) ids.add(Number(match[1]));
    }
    return ids;
  };
  // Changes made on other instances while Redis was away never reached this instance's sockets.
  s.cluster.onRecovered(() => {
    for (const id of localMeetings()) void broadcast(id, 'local');
  });

  // The projector's code rotates every minute: push a fresh state to the rooms that show it.
  let period = Math.floor(s.clock.now().getTime() / CHECKIN_PERIOD_MS);
  const rotation = setInterval(() => {
    const now = Math.floor(s.clock.now().getTime() / CHECKIN_PERIOD_MS);
    if (now === period) return;
    period = now;
    for (const id of localMeetings('staff')) void broadcast(id, 'local');
  }, 2_000);
  rotation.unref();

  const handlers: SocketHandlers = {
    'meeting:join': handle(
      s.logger,
      JoinMeeting,
      async ({ meetingId, screenToken, inviteToken }, socket): Promise<JoinedMeeting> => {
        const principal = socket.data.userId != null && !screenToken && !inviteToken ? await principalOf(socket) : null;
        const viewer = await s.live.authorise(meetingId, principal, { screenToken, inviteToken });
        if (viewer.kind === 'participant')
          await socket.join([publicRoom(meetingId), passRoom(meetingId, viewer.inviteeId)]);
        else if (viewer.kind === 'screen') await socket.join([staffRoom(meetingId), screenRoom(meetingId)]);
        else await socket.join([staffRoom(meetingId), deskRoom(meetingId)]);
        const state = await s.live.arrived(meetingId, viewer);
        return {
          ...state,
          canDrive: viewer.kind === 'staff' && viewer.canDrive,
          viewer: viewer.kind,
          you: viewer.kind === 'participant' ? { inviteeId: viewer.inviteeId, name: viewer.name } : null,
        };
      },
    ),
    'meeting:drive': handle(s.logger, DriveCommand, async (command, socket) =>
      s.live.drive(await principalOf(socket), command),
    ),
  };

  return {
    register: (socket: YishiSocket) => attach(socket, handlers),
    close() {
      clearInterval(rotation);
    },
  };
}
