import type { MotionResult } from '../../../shared/schemas/vote.js';
import type { Database } from '../../db/index.js';
import type { Motion } from '../../db/models/motion.js';
import type { Logger } from '../../logger.js';
import type { MinutesService } from './minutes.js';

/** The words of yes/no ballots, in the order of their counts. */
const YES_NO_WORDS = ['赞成', '反对', '弃权'];

/**
 * Writes a closed vote's result into the minutes under its agenda item, as the protected block
 * secretaries cannot alter (MinutesService.insertVoteResult), so the record of the meeting
 * carries the numbers the result was decided on. Minutes are kept in Chinese, as they are
 * signed and filed, whatever language the console shows.
 *
 * Runs after the close has committed: the result is already locked in the database, so a
 * failure here (the meeting closed in the same moment and its minutes are final) loses
 * nothing but the copy in the text, and is logged.
 */
export function voteResultToMinutes(db: Database, minutes: () => MinutesService, logger: Logger) {
  return async (motionId: number): Promise<void> => {
    try {
      await write(motionId);
    } catch (err) {
      logger.warn({ err, motionId }, 'vote result not written into the minutes');
    }
  };

  async function write(motionId: number): Promise<void> {
    const motion = await db.models.Motion.findByPk(motionId);
    if (!motion?.result || motion.status !== 'closed' || motion.agendaItemId == null) return;
    await minutes().insertVoteResult(motion.meetingId, motion.agendaItemId, voteResultBlock(motion, motion.result));
  }
}

/** The block a closed vote leaves in the minutes (also what the county demo writes into its minutes). */
export function voteResultBlock(
  motion: Pick<Motion, 'question' | 'options'>,
  r: MotionResult,
): { title: string; lines: string[] } {
  const labels = motion.options.length > 0 ? motion.options : YES_NO_WORDS;
  const counts = r.counts.map((n, i) => `${labels[i] ?? i + 1} ${n} 票`).join('，');
  return {
    title: motion.question.slice(0, 120),
    lines: [`应到 ${r.members} 人，实到 ${r.present} 人，投票 ${r.cast} 人`, counts, r.statement['zh-CN']].map((line) =>
      line.slice(0, 200),
    ),
  };
}
