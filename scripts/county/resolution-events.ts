import type { ResolutionState } from '../../shared/rules/resolution.js';
import { AUDIENCE } from '../../server/services/notifier.js';
import { DAY, HOUR, MINUTE, audit, type County, type Village } from './context.js';

export interface ResolutionEventRow {
  kind: string;
  from: ResolutionState | null;
  to: ResolutionState;
  actorId: number | null;
  note: string | null;
  public: boolean;
  at: Date;
}

/**
 * A resolution's timeline as its steps leave it: the event rows, the audit record of each verb
 * (ResolutionService.step audits; drafting, the referral note and the deadline job's marks do
 * not), and the notifications the Notifier sends each side, read long ago or still unread.
 */
export function writeEvents(
  county: County,
  village: Village,
  r: { id: number; text: string },
  events: ResolutionEventRow[],
  unitName: string,
): void {
  const { dice, writer, now } = county;
  const params = { text: r.text.slice(0, 60), organisation: village.name };
  for (const e of events) {
    writer.add('resolution_events', {
      resolution_id: r.id,
      kind: e.kind,
      from_state: e.from,
      to_state: e.to,
      actor_id: e.actorId,
      note: e.note,
      public: e.public,
      at: e.at,
    });
    // Steps go through ResolutionService.step (audited); drafting, the referral note and the deadline marks do not.
    if (!['drafted', 'referral_note', 'overdue', 'due_soon'].includes(e.kind))
      audit(county, e.at, {
        actorId: e.actorId,
        action: `resolution.${e.kind}`,
        subjectType: 'resolution',
        subjectId: r.id,
        organisationId: village.id,
        summary: { before: { state: e.from }, after: { state: e.to, ...(e.note ? { note: e.note } : {}) } },
      });
    const sides = AUDIENCE[e.kind];
    if (!sides) continue;
    const users = new Set<number>();
    if (sides.includes('owner')) village.ownerSide.forEach((u) => users.add(u));
    if (sides.includes('unit')) users.add(village.unitUserId);
    if (e.actorId !== null) users.delete(e.actorId);
    const unit = e.kind === 'drafted' ? '' : unitName;
    for (const userId of users)
      writer.add('notifications', {
        user_id: userId,
        resolution_id: r.id,
        kind: e.kind,
        params: { ...params, unit },
        at: e.at,
        // Older news has been read; the last fortnight's mostly not.
        read_at:
          e.at.getTime() < now.getTime() - 14 * DAY || dice.chance(0.3)
            ? new Date(Math.min(now.getTime(), e.at.getTime() + dice.lognormal(6 * HOUR, 1) + MINUTE))
            : null,
      });
  }
}
