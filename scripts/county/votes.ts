import { randomUUID } from 'node:crypto';
import { YES_NO } from '../../shared/rules/ballot.js';
import { PRESETS, type RuleSet } from '../../shared/rules/quorum.js';
import { RECEIPT_LENGTH } from '../../shared/rules/intake.js';
import type { MotionResult } from '../../shared/schemas/vote.js';
import type { Motion } from '../../server/db/models/motion.js';
import { computeResult } from '../../server/services/motion-close.js';
import { randomCode } from '../../server/services/random-codes.js';
import { voteResultBlock } from '../../server/services/minutes/vote-minutes.js';
import { MINUTE, audit, type County, type Village } from './context.js';
import type { WrittenMeeting } from './meetings.js';
import type { TopicInfo } from './topics.js';

/** A decision of a meeting: each becomes a resolution, whose id is taken here. */
export interface DecisionInfo {
  id: number;
  resolutionId: number;
  meetingId: number;
  kind: 'motion' | 'consensus';
  /** The motion's id or the decision's own (the resolution's source_id). */
  sourceId: number;
  text: string;
  at: Date;
  topic: TopicInfo | null;
}

/** What the minutes of an item record besides the secretary's notes. */
export interface ItemRecord {
  itemId: number;
  title: string;
  vote: { title: string; lines: string[] } | null;
}

type Kind = 'open' | 'secret' | 'show_of_hands';

/**
 * Yes/no counts that come out as planned under the motion's rules: a planned pass gets the yes
 * votes it needs, a planned failure falls short. Checked with the closing code's own computeResult.
 */
function tallyFor(
  county: County,
  motion: Pick<Motion, 'form' | 'rules' | 'options' | 'maxChoices'>,
  members: number,
  present: number,
  pass: boolean,
) {
  const { dice } = county;
  for (let attempt = 0; ; attempt++) {
    const cast = attempt > 3 ? present : Math.max(0, present - dice.int(0, Math.ceil(present * 0.1)));
    let yes = pass ? Math.round(cast * (0.7 + dice.float() * 0.3)) : Math.round(cast * dice.float() * 0.45);
    if (attempt > 3) yes = pass ? cast : 0;
    const no = Math.round((cast - yes) * dice.float());
    const counts = [0, 0, 0];
    counts[YES_NO.yes] = yes;
    counts[YES_NO.no] = no;
    counts[YES_NO.abstain] = cast - yes - no;
    const result = computeResult(motion as Motion, { members, present }, counts, cast);
    if (result.passed === pass || attempt > 4) return { counts, cast, result };
  }
}

/**
 * The votes and decisions of a held meeting: a motion on each item the plan had decided by vote
 * (opened, ballots in, closed with the result and who was entitled and present locked on it, the
 * tally's counters and, for open and secret ballots, each voter's "has voted" row), a consensus
 * decision where the meeting agreed without a vote, and nothing where it only talked.
 */
export function writeVotes(
  county: County,
  village: Village,
  meeting: WrittenMeeting,
): { decisions: DecisionInfo[]; records: ItemRecord[] } {
  const { dice, writer } = county;
  const m = meeting.plan;
  const decisions: DecisionInfo[] = [];
  const records: ItemRecord[] = [];
  const rules: RuleSet = m.body === 'custom' ? PRESETS.free_consultation : PRESETS[m.body];
  const entitledIds = meeting.invitees.filter((i) => i.member).map((i) => i.id);
  const presentIds = meeting.invitees.filter((i) => i.member && i.present).map((i) => i.id);
  let clock = m.startsAt.getTime() + 10 * MINUTE;
  for (const [index, item] of m.items.entries()) {
    const itemId = meeting.itemIds[index]!;
    const title = item.topic?.title ?? '';
    clock += dice.int(15, 40) * MINUTE;
    const at = new Date(Math.min(clock, county.now.getTime() - MINUTE));
    const record: ItemRecord = { itemId, title, vote: null };
    records.push(record);
    const action = item.topic?.action ?? title;
    if (item.outcome === 'consensus') {
      const id = writer.id('decisions');
      const resolutionId = writer.id('resolutions');
      const text = action || '按会议讨论意见办理';
      writer.add('decisions', {
        id,
        meeting_id: meeting.id,
        agenda_item_id: itemId,
        motion_id: null,
        kind: 'consensus',
        text,
        result_statement: {
          'zh-CN': `应到 ${meeting.expected} 人，实到 ${meeting.present} 人，经协商一致同意`,
          en: `${meeting.expected} expected, ${meeting.present} present, agreed by consensus`,
        },
        created_at: at,
        resolution_id: resolutionId,
        annulled_at: null,
        annul_reason: null,
      });
      audit(county, at, {
        actorId: meeting.convenerId,
        action: 'decision.recorded',
        subjectType: 'decision',
        subjectId: id,
        organisationId: village.id,
        summary: { after: { kind: 'consensus', text, agendaItemId: itemId } },
      });
      decisions.push({
        id,
        resolutionId,
        meetingId: meeting.id,
        kind: 'consensus',
        sourceId: id,
        text,
        at,
        topic: item.topic,
      });
      continue;
    }
    if (item.outcome !== 'motion' && item.outcome !== 'failed') continue;
    const kind = dice.weighted<Kind>({ open: 45, secret: 20, show_of_hands: 35 });
    const question = `是否同意${action || '上述方案'}？`.slice(0, 200);
    const motion = { form: 'yes_no' as const, rules, options: [] as string[], maxChoices: 1 };
    const { counts, cast, result } = tallyFor(
      county,
      motion,
      meeting.expected,
      presentIds.length,
      item.outcome === 'motion',
    );
    const motionId = writer.id('motions');
    const opened = new Date(at.getTime() - 8 * MINUTE);
    writer.add('motions', {
      id: motionId,
      meeting_id: meeting.id,
      agenda_item_id: itemId,
      question,
      kind,
      form: 'yes_no',
      options: [],
      max_choices: 1,
      body: m.body,
      rules,
      live_tally: kind === 'open' && dice.chance(0.3),
      status: 'closed',
      closes_at: null,
      opened_at: opened,
      closed_at: at,
      result: result as MotionResult,
      attendance_snapshot: { entitled: entitledIds, present: presentIds },
      annul_reason: null,
      annulled_at: null,
      created_by: meeting.convenerId,
      version: 2,
      created_at: new Date(opened.getTime() - 2 * MINUTE),
      updated_at: at,
    });
    writer.add('motion_tallies', { motion_id: motionId, ballots: cast, counts });
    if (kind !== 'show_of_hands') {
      const choices = counts.flatMap((n, choice) => new Array<number>(n).fill(choice));
      dice.shuffle(choices);
      for (const [i, voter] of dice
        .shuffle([...presentIds])
        .slice(0, cast)
        .entries())
        writer.add('votes', {
          motion_id: motionId,
          invitee_id: voter,
          receipt: randomCode(RECEIPT_LENGTH),
          client_ballot_id: randomUUID(),
          // Secret ballots leave no choice and no time beside the voter.
          choices: kind === 'open' ? [choices[i]!] : null,
          cast_at: kind === 'open' ? new Date(opened.getTime() + dice.int(5, 400) * 1000) : null,
          recorded: true,
        });
    }
    const motionAudit = (action: string, when: Date, summary: Record<string, unknown>) =>
      audit(county, when, {
        actorId: meeting.convenerId,
        action,
        subjectType: 'motion',
        subjectId: motionId,
        organisationId: village.id,
        summary,
      });
    motionAudit('motion.created', new Date(opened.getTime() - 2 * MINUTE), {
      after: { question, kind, form: 'yes_no', body: m.body },
    });
    motionAudit('motion.opened', opened, { after: { closesAt: null } });
    record.vote = voteResultBlock({ question, options: [] }, result as MotionResult);
    let decisionId: number | undefined;
    if (result.passed !== (item.outcome === 'motion'))
      throw new Error(`motion ${motionId} did not come out as planned (${item.outcome}, ${presentIds.length} present)`);
    if (result.passed) {
      decisionId = writer.id('decisions');
      const resolutionId = writer.id('resolutions');
      writer.add('decisions', {
        id: decisionId,
        meeting_id: meeting.id,
        agenda_item_id: itemId,
        motion_id: motionId,
        kind: 'motion',
        text: question.slice(0, 600),
        result_statement: result.statement,
        created_at: at,
        resolution_id: resolutionId,
        annulled_at: null,
        annul_reason: null,
      });
      decisions.push({
        id: decisionId,
        resolutionId,
        meetingId: meeting.id,
        kind: 'motion',
        sourceId: motionId,
        text: question,
        at,
        topic: item.topic,
      });
    }
    motionAudit('motion.closed', at, {
      after: { passed: result.passed, cast, counts, present: result.present, decision: decisionId },
    });
  }
  return { decisions, records };
}
