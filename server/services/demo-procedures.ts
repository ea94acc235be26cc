import type { MinutesNode } from '../../shared/minutes/content.js';
import type { Stage } from '../../shared/rules/procedure.js';
import type { Body } from '../../shared/rules/quorum.js';
import { CreateMotionBody } from '../../shared/schemas/vote.js';
import type { Principal } from './access.js';
import type { Services } from './index.js';

const MEMBERS = ['周书记', '吴主任', '郑委员', '钱委员', '冯委员'];
const para = (text: string): MinutesNode => ({ type: 'paragraph', content: [{ type: 'text', text }] });

async function principalOf(s: Services, username: string): Promise<Principal | null> {
  const user = await s.db.models.User.findOne({ where: { username } });
  if (!user) return null;
  const memberships = await s.db.models.Membership.findAll({ where: { userId: user.id } });
  return {
    userId: user.id,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
}

/**
 * 四议两公开 in the demo, through the real services: each stage is a meeting of its body with five
 * members, a motion on the stage's item and a line in the minutes. One matter completed through
 * all six steps, one waiting at 审议, one returned after a failed 商议, and one whose 决议 was put
 * to a villagers' assembly noticed only 7 days ahead (the township sees it flagged).
 */
export async function seedDemoProcedures(s: Services, villageId: number): Promise<void> {
  const convener = await principalOf(s, 'demo-convener');
  const reviewer = await principalOf(s, 'demo-reviewer');
  if (!convener || !reviewer) return;
  const now = s.clock.now();
  let meetings = 0;
  const stage = async (procedureId: number, st: Stage, body: Body, yes: number, minutes: string, noticeDays = 0) => {
    const startsAt = new Date(now.getTime() + noticeDays * 86_400_000 + ++meetings * 60_000);
    const m = await s.meetings.create(convener, {
      organisationId: villageId,
      kind: 'consultation',
      title: `${body === 'villagers_assembly' ? '村民会议' : '议事会议'}（演示 ${meetings}）`,
      venue: '村委会会议室',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
      body,
      membersFrom: 'roster',
      convenerId: convener.userId,
      secretaryIds: [],
    });
    for (const name of MEMBERS)
      await s.meetings.addInvitee(convener, m.id, { name, affiliation: '', category: 'representative', member: true });
    await s.meetings.addItem(convener, m.id, { procedureId, stage: st });
    await s.meetings.transition(convener, m.id, 'scheduled');
    await s.meetings.transition(convener, m.id, 'live');
    const [item] = await s.meetings.agenda(m.id);
    const invitees = (await s.meetings.invitees(m.id)).filter((i) => i.member);
    const tokens: string[] = [];
    for (const i of invitees) {
      // Marked present at the door, then given the pass a QR check-in would have given them.
      await s.meetings.mark(convener, m.id, i.id, true);
      tokens.push((await s.meetings.roster.issuePass(m.id, i.id)).token);
    }
    await s.minutes.appendToItem(m.id, item!.id, [para(minutes)]);
    const motion = await s.motions.create(
      convener,
      CreateMotionBody.parse({ meetingId: m.id, agendaItemId: item!.id, question: '是否同意本事项？', kind: 'open' }),
    );
    await s.motions.open(convener, motion.id);
    for (const [i, token] of tokens.entries())
      await s.ballots.cast(null, {
        motionId: motion.id,
        choices: [i < yes ? 0 : 1],
        clientBallotId: `demo-p-${motion.id}-${i}`,
        inviteToken: token,
      });
    await s.motionCloser.close(convener, motion.id);
    await s.procedureStages.motionClosed(motion.id);
    await s.meetings.transition(convener, m.id, 'closed');
    return motion.id;
  };
  const open = (title: string, kind: 'land' | 'project' | 'village_rules' | 'public_works_funding', text: string) =>
    s.procedures.open(reviewer, { organisationId: villageId, kind, title, text, topicId: null });

  // 1. Completed: four stages, the resolution published, carried out, rated, the result published.
  const land = await open(
    '村东集体土地流转给果蔬合作社',
    'land',
    '村里将村东集体土地100亩流转给果蔬合作社，租期10年。',
  );
  await stage(land, 'proposal', 'party_branch', 5, '支部委员会提议：土地流转可增加集体收入，提交两委商议。');
  await stage(land, 'consultation', 'two_committees', 5, '两委商议：面积调整为80亩，租期5年，租金每年每亩600元。');
  await s.procedures.revise(reviewer, land, {
    text: '村里将村东集体土地80亩流转给果蔬合作社，租期5年，租金每年每亩600元，优先雇用本村劳力。',
    note: '按两委商议意见修改',
  });
  await stage(land, 'review', 'party_assembly', 4, '党员大会审议：同意两委商议后的方案。');
  const decisive = await stage(land, 'resolution', 'representatives_meeting', 5, '村民代表会议决议：同意流转方案。');
  await s.procedurePublications.publish(reviewer, land, { kind: 'resolution' });
  const decision = await s.db.models.Decision.findOne({ where: { motionId: decisive } });
  const resolutionId = decision ? await s.resolutionDrafts.fromDecision(decision.id) : null;
  const rid = resolutionId ?? (await s.db.models.Decision.findByPk(decision?.id ?? 0))?.resolutionId ?? null;
  if (rid) {
    // Carried out and rated by residents (the resolutions feature's steps, condensed for the demo).
    await s.db.models.Resolution.update(
      {
        state: 'closed',
        result: '合同已签订，首年租金4.8万元已入村集体账户。',
        rating: 'satisfied',
        ratedAt: s.clock.now(),
        closedAt: s.clock.now(),
      },
      { where: { id: rid } },
    );
    await s.procedureStages.resolutionChanged(rid);
    await s.procedurePublications.publish(reviewer, land, { kind: 'result' });
  }

  // 2. Waiting at 审议.
  const hall = await open('新建村级文化活动中心', 'project', '在村委会东侧空地新建300平方米文化活动中心，预算80万元。');
  await stage(hall, 'proposal', 'party_branch', 5, '支部委员会提议新建文化活动中心。');
  await stage(hall, 'consultation', 'two_committees', 4, '两委商议：同意，资金由上级补助和村集体共同承担。');

  // 3. Returned after a failed 商议.
  const rules = await open('修订村规民约（红白事简办）', 'village_rules', '红白事酒席不超过10桌，礼金不超过200元。');
  await stage(rules, 'proposal', 'party_branch', 5, '支部委员会提议修订村规民约。');
  await stage(rules, 'consultation', 'two_committees', 2, '两委商议：礼金上限意见分歧较大，未通过。');
  await s.procedures.returnTo(reviewer, rules, {
    to: 'proposal',
    reason: '两委对礼金上限意见分歧，需重新征求意见后提议',
  });

  // 4. Flagged: the 决议 put to a villagers' assembly noticed only 7 days ahead.
  const road = await open(
    '村道硬化筹资筹劳（一事一议）',
    'public_works_funding',
    '硬化村北道路1.2公里，每人筹资30元，每户出工2天。',
  );
  await stage(road, 'proposal', 'party_branch', 5, '支部委员会提议村道硬化一事一议。');
  await stage(road, 'consultation', 'two_committees', 5, '两委商议同意。');
  await stage(road, 'review', 'party_assembly', 5, '党员大会审议同意。');
  await stage(road, 'resolution', 'villagers_assembly', 5, '村民会议表决同意筹资筹劳方案。', 7);
}

/** The demo's matters go to its first village (桃园村), like the rest of the demo's content. */
export async function seedDemoProceduresInFirstVillage(s: Services): Promise<void> {
  const village = await s.db.models.Organisation.findOne({
    where: { kind: 'village', isDemo: true },
    order: [['id', 'ASC']],
  });
  if (village) await seedDemoProcedures(s, village.id);
}
