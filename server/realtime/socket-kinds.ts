import type { Server } from 'socket.io';
import type { SocketKind } from '../services/metrics/metrics.js';
import { isScreenRoom } from './meetings.js';

/**
 * This instance's sockets by kind, for the metrics: a projector is a socket that joined a meeting
 * with its screen link; staff are signed in; every other socket is a phone (participants,
 * residents). Counted when scraped, from Socket.IO's own table, so nothing can drift.
 */
export function socketKinds(io: Server): Record<SocketKind, number> {
  const counts: Record<SocketKind, number> = { staff: 0, projector: 0, phone: 0 };
  for (const socket of io.of('/').sockets.values()) {
    if ([...socket.rooms].some(isScreenRoom)) counts.projector++;
    else if (socket.data?.userId != null) counts.staff++;
    else counts.phone++;
  }
  return counts;
}
