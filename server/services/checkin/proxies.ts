import { attending, mayHoldProxy } from '../../../shared/rules/attendance-rules.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import { AppError } from '../../errors.js';
import type { Principal } from '../access.js';
import { recordAudit } from '../audit.js';
import { bumpMeeting } from '../meeting-roster.js';
import type { MeetingService } from '../meetings.js';
import type { CheckinDesk } from './desk.js';

/**
 * Proxies (委托), recorded at the desk only where the meeting's body allows them (a household's
 * representative at the villagers' assembly): the person represented is counted present, on their
 * own attendance row, with the invitee who holds the proxy. Nobody holds more than the body's
 * limit, and at the assembly a proxy stays within one household.
 */
export class Proxies {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly meetings: MeetingService,
    private readonly desk: CheckinDesk,
    private readonly changed: (meetingId: number) => void,
  ) {}

  async record(principal: Principal, meetingId: number, holderId: number, representedId: number): Promise<void> {
    const meeting = await this.desk.registrar(principal, meetingId);
    const body = meeting.bodyId ? await this.db.models.DeliberatingBody.findByPk(meeting.bodyId) : null;
    if (!body || body.maxProxies <= 0) throw new AppError('conflict', 'checkin.error.no_proxies');
    if (holderId === representedId) throw new AppError('validation_failed', 'checkin.error.proxy_self');
    await this.db.tx(async (t) => {
      await bumpMeeting(this.db, meetingId, t);
      const [holder, represented] = await Promise.all(
        [holderId, representedId].map((id) =>
          this.db.models.Invitee.findOne({ where: { id, meetingId }, transaction: t }),
        ),
      );
      if (!holder || !represented) throw new AppError('not_found', 'meeting.error.invitee');
      if (!represented.member) throw new AppError('validation_failed', 'checkin.error.proxy_member');
      const rows = await this.db.models.Attendance.findAll({ where: { meetingId }, transaction: t });
      const of = (id: number) => rows.find((a) => a.inviteeId === id);
      // The holder is in the hall: a member following from elsewhere (who counts only where remote
      // voting is allowed) must not make someone else count as present in person.
      if (attending(of(holderId)) !== 'hall' || of(holderId)?.proxyForInviteeId)
        throw new AppError('conflict', 'checkin.error.proxy_holder_absent');
      if (of(representedId)?.present === true) throw new AppError('conflict', 'checkin.error.proxy_present');
      const held = rows.filter((a) => a.proxyForInviteeId === holderId && a.present).length;
      if (!mayHoldProxy(body.maxProxies, held))
        throw new AppError('conflict', 'checkin.error.proxy_limit', { max: body.maxProxies });
      const people = await this.db.models.Person.findAll({
        where: { id: [holder.personId ?? 0, represented.personId ?? 0] },
        attributes: ['id', 'householdId'],
        transaction: t,
      });
      const household = (personId: number | null) => people.find((p) => p.id === personId)?.householdId ?? null;
      if (
        body.kind === 'villagers_assembly' &&
        (household(holder.personId) === null || household(holder.personId) !== household(represented.personId))
      )
        throw new AppError('conflict', 'checkin.error.proxy_household');
      const values = {
        present: true,
        method: 'manual' as const,
        recordedBy: principal.userId,
        at: this.clock.now(),
        householdId: household(represented.personId),
        proxyForInviteeId: holderId,
      };
      const row = of(representedId);
      if (row) await row.update(values, { transaction: t });
      else
        await this.db.models.Attendance.create({ meetingId, inviteeId: representedId, ...values }, { transaction: t });
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'meeting.proxy_recorded',
        subjectType: 'meeting',
        subjectId: meetingId,
        organisationId: meeting.organisationId,
        summary: { holderId, representedId },
      });
    });
    this.meetings.roster.forget(meetingId);
    this.changed(meetingId);
  }
}
