import { Id, OrganisationRef } from '../../shared/schemas/common.js';
import { ScheduleBody } from '../../shared/schemas/procedure.js';
import { errors } from '../errors.js';
import { hasRoleAt, type Principal } from '../services/access.js';
import type { Services } from '../services/index.js';
import { STAFF_ROLES } from '../services/meeting-access.js';
import { attach, handle, type SocketHandlers, type YishiServer, type YishiSocket } from './handler.js';

const room = (organisationId: number) => `procedures:${organisationId}`;
const SchedulePayload = ScheduleBody.extend({ procedureId: Id }).strict();

/**
 * 四议两公开 live: township and village staff watch an organisation and receive each changed
 * matter under it; conveners may put a stage on an agenda over the socket, through the same
 * service (and so the same order and body checks) as the REST route.
 */
export function procedureRealtime(
  io: YishiServer,
  s: Services,
  principalOf: (socket: YishiSocket) => Promise<Principal>,
) {
  s.hooks.procedureChanged = (id) => {
    void (async () => {
      const p = await s.db.models.Procedure.findByPk(id);
      if (!p) return;
      const [summary] = await s.procedureQueries.summaries([p]);
      // Rooms span instances through the adapter: one emit reaches every watcher of every level.
      io.to((await s.tree.lineage(p.organisationId)).map(room)).emit('procedure:updated', summary!);
    })().catch((err: unknown) => s.logger.error({ err, procedureId: id }, 'procedure broadcast failed'));
  };
  const handlers: SocketHandlers = {
    'procedures:watch': handle(s.logger, OrganisationRef, async ({ organisationId }, socket) => {
      if (!(await hasRoleAt(s.tree, await principalOf(socket), STAFF_ROLES, organisationId))) throw errors.forbidden();
      await socket.join(room(organisationId));
      return { organisationId };
    }),
    'procedure:schedule': handle(s.logger, SchedulePayload, async (b, socket) => {
      const principal = await principalOf(socket);
      await s.meetings.addItem(principal, b.meetingId, { procedureId: b.procedureId, stage: b.stage });
      return s.procedureQueries.detail(principal, b.procedureId);
    }),
  };
  return { register: (socket: YishiSocket) => attach(socket, handlers) };
}
