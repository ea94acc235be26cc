import type { Database } from '../server/db/index.js';
import { decodeFlags } from '../server/services/procedures/facts.js';
import { FLAGS, flagSchedule, STAGES, STEPS } from '../shared/rules/procedure.js';

export const VILLAGES = 500;
export const PER_VILLAGE = 20;
const DAY = 86_400_000;

export interface SeededProcedures {
  countyId: number;
  townships: number[];
  villages: number[];
}

/**
 * 500 villages under 10 townships × 20 procedures (10,000 matters, 4 stage rows each), the data
 * `npm run bench:procedures` measures. Flags are written as the service would have left them: the
 * procedure's `flags` and due dates, and its `procedure_flags` rows from the same pure schedule
 * (shared/rules/procedure.ts `flagSchedule`); the rows are bulk-inserted, so no transition runs.
 */
export async function seedProcedureLoad(db: Database): Promise<SeededProcedures> {
  const county = (await db.models.Organisation.findOne({ where: { kind: 'county' } }))!;
  const villages: number[] = [];
  const townships: number[] = [];
  for (let t = 0; t < VILLAGES / 50; t++) {
    const township = await db.models.Organisation.create({
      name: `压测镇${t}`,
      kind: 'township',
      parentId: county.id,
      settings: {},
      isDemo: false,
    });
    townships.push(township.id);
    const rows = await db.models.Organisation.bulkCreate(
      Array.from({ length: 50 }, (_, v) => ({
        name: `压测村${t}-${v}`,
        kind: 'village' as const,
        parentId: township.id,
        settings: {},
        isDemo: false,
      })),
    );
    villages.push(...rows.map((r) => r.id));
  }
  // One meeting per village stands in for the stages' meetings (the view never reads them).
  const meetings = await db.models.Meeting.bulkCreate(
    villages.map((organisationId) => ({
      organisationId,
      kind: 'consultation' as const,
      title: '压测会议',
      venue: '村委会',
      startsAt: new Date(),
      endsAt: new Date(),
      body: 'two_committees' as const,
      membersFrom: 'roster' as const,
      status: 'closed' as const,
      convenerId: null,
      secretaryIds: [],
      currentItemId: null,
      screenMode: 'agenda' as const,
      screenMessage: null,
      timerEndsAt: null,
      screenTokenHash: null,
      checkinSecret: 'x',
      publishedAt: new Date(),
    })),
  );
  const now = Date.now();
  const procs = villages.flatMap((organisationId, v) =>
    Array.from({ length: PER_VILLAGE }, (_, i) => ({
      organisationId,
      kind: 'land' as const,
      title: `压测事项${v}-${i}`,
      topicId: null,
      state: (i % 5 === 0 ? 'completed' : 'open') as 'completed' | 'open',
      step: STEPS[i % 8]!,
      openedBy: null,
      resolutionId: null,
      resultRatedAt: null,
      flags: i % 7 === 0 ? `,${FLAGS[i % FLAGS.length]},` : ',',
      objectionDueAt: i % 11 === 0 ? new Date(now - DAY) : null,
      resultDueAt: null,
      endReason: null,
      closedAt: null,
      createdAt: new Date(now - (i + 10) * DAY),
      updatedAt: new Date(now - i * 3_600_000),
    })),
  );
  for (let i = 0; i < procs.length; i += 1000) {
    const rows = await db.models.Procedure.bulkCreate(procs.slice(i, i + 1000));
    await db.models.ProcedureFlag.bulkCreate(
      rows.flatMap((p) =>
        flagSchedule(decodeFlags(p.flags), p).map((f) => ({
          procedureId: p.id,
          flag: f.flag,
          organisationId: p.organisationId,
          appliesFrom: f.from,
        })),
      ),
    );
    await db.models.ProcedureStage.bulkCreate(
      rows.flatMap((p, k) =>
        STAGES.map((stage, s) => ({
          procedureId: p.id,
          stage,
          attempt: 1,
          state: 'passed' as const,
          body: 'two_committees' as const,
          meetingId: meetings[Math.floor((i + k) / PER_VILLAGE)]!.id,
          agendaItemId: null,
          version: 1,
          motionId: null,
          decidedAt: new Date(now - (4 - s) * DAY),
          statement: null,
          quorumMet: true,
          quorumRequired: 3,
          entitled: 5,
          present: 5,
          days: 1 + s,
          reason: null,
          returnedTo: null,
        })),
      ),
    );
  }
  if (db.sequelize.getDialect() === 'postgres') await db.sequelize.query('ANALYZE');
  return { countyId: county.id, townships, villages };
}
