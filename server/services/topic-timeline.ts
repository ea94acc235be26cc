import { Op } from 'sequelize';
import type { TimelineEntry } from '../../shared/schemas/intake.js';
import type { Database } from '../db/index.js';
import type { Topic } from '../db/models/topic.js';

/**
 * What the resident may see of a topic's history: the kinds of step, their times and the
 * replies meant for them — never who acted or anyone's personal data. A merged topic goes on to
 * show the steps of the topic it was merged into, since that is where its matter now lives.
 */
export async function publicTimeline(db: Database, topic: Topic): Promise<TimelineEntry[]> {
  const events = await db.models.TopicEvent.findAll({
    where: { topicId: topic.id },
    order: [
      ['at', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const out: TimelineEntry[] = events.map((e) => ({
    kind: e.kind,
    at: e.at.toISOString(),
    note: e.note,
    // A merged-in duplicate's receipt would open another resident's own tracking page: not shown.
    detail: e.kind === 'merged_in' ? null : e.detail,
  }));
  if (topic.mergedIntoId) {
    const mergedAt = events.find((e) => e.kind === 'merged')?.at ?? topic.updatedAt;
    const later = await db.models.TopicEvent.findAll({
      where: {
        topicId: topic.mergedIntoId,
        at: { [Op.gt]: mergedAt },
        kind: { [Op.notIn]: ['received', 'merged_in'] },
      },
      order: [
        ['at', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    out.push(...later.map((e) => ({ kind: e.kind, at: e.at.toISOString(), note: e.note, detail: e.detail })));
  }
  return out;
}
