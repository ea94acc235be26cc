import { chinaDay } from '../../shared/rules/china-time.js';
import { Op, QueryTypes } from 'sequelize';
import { daysOpen, isStalled } from '../../shared/rules/meeting.js';
import type { Stage } from '../../shared/rules/procedure.js';
import type { AgendaCandidates, AgendaItemView } from '../../shared/schemas/meeting.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Meeting } from '../db/models/meeting.js';
import { errors } from '../errors.js';
import type { Principal } from './access.js';
import type { ProcedureStages } from './procedures/stages.js';
import { bumpMeeting } from './meeting-roster.js';
import type { OrgTree } from './org-tree.js';

/** How many accepted topics the agenda builder lists at once (oldest first). */
const CANDIDATE_LIMIT = 200;

/**
 * A meeting's agenda: accepted topics of the organisation (or below it) and free items, in an
 * order the convener sets. Placing a topic tells its resident (their tracking page shows it).
 */
export class MeetingAgenda {
  /** 四议两公开: places a procedure's stage on the agenda (order and body checked); set once services are built. */
  stages: Pick<ProcedureStages, 'place' | 'unplaced' | 'flush'> | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly changed: (meetingId: number) => void,
  ) {}

  async items(meetingId: number): Promise<AgendaItemView[]> {
    const items = await this.db.models.AgendaItem.findAll({ where: { meetingId }, order: [['position', 'ASC']] });
    const topicIds = items.map((i) => i.topicId).filter((x): x is number => x != null);
    const topics = new Map<number, { details: string; photos: number }>();
    if (topicIds.length) {
      for (const t of await this.db.models.Topic.findAll({
        where: { id: { [Op.in]: topicIds } },
        attributes: ['id', 'details'],
      }))
        topics.set(t.id, { details: t.details, photos: 0 });
      const counts = await this.db.sequelize.query<{ topicId: number; n: number | string }>(
        'SELECT topic_id AS "topicId", COUNT(*) AS n FROM topic_photos WHERE topic_id IN (:ids) GROUP BY topic_id',
        { replacements: { ids: topicIds }, type: QueryTypes.SELECT },
      );
      for (const c of counts) {
        const topic = topics.get(Number(c.topicId));
        if (topic) topic.photos = Number(c.n);
      }
    }
    return items.map((i) => ({
      id: i.id,
      position: i.position,
      title: i.title,
      notes: i.notes,
      topicId: i.topicId,
      topicDetails: i.topicId ? (topics.get(i.topicId)?.details ?? null) : null,
      photoCount: i.topicId ? (topics.get(i.topicId)?.photos ?? 0) : 0,
    }));
  }

  /** Adds an accepted topic (the resident's tracking page then shows the meeting) or a free item. */
  async add(
    principal: Principal,
    meeting: Meeting,
    body: { topicId: number } | { title: string; notes: string } | { procedureId: number; stage: Stage },
  ): Promise<void> {
    await this.db.tx(async (t) => {
      const position =
        ((await this.db.models.AgendaItem.max('position', { where: { meetingId: meeting.id }, transaction: t })) as
          number | null) ?? 0;
      if ('topicId' in body) {
        const topic = await this.db.models.Topic.findByPk(body.topicId, { transaction: t });
        const lineage = topic ? await this.tree.lineage(topic.organisationId) : [];
        if (!topic || topic.status !== 'accepted' || !lineage.includes(meeting.organisationId))
          throw errors.invalid('meeting.error.topic');
        if (
          await this.db.models.AgendaItem.count({ where: { meetingId: meeting.id, topicId: topic.id }, transaction: t })
        )
          throw errors.conflict('meeting.error.topic_on_agenda');
        await this.db.models.AgendaItem.create(
          {
            meetingId: meeting.id,
            position: position + 1,
            topicId: topic.id,
            title: topic.title.slice(0, 80),
            notes: '',
          },
          { transaction: t },
        );
        await this.db.models.TopicEvent.create(
          {
            topicId: topic.id,
            kind: 'placed_on_agenda',
            actorId: principal.userId,
            note: null,
            detail: `${meeting.title}（${chinaDay(meeting.startsAt)}）`,
            at: this.clock.now(),
          },
          { transaction: t },
        );
      } else if ('procedureId' in body) {
        if (!this.stages) throw errors.invalid('procedure.error.not_found');
        await this.stages.place(principal, meeting, body, position + 1, t);
      } else {
        await this.db.models.AgendaItem.create(
          { meetingId: meeting.id, position: position + 1, topicId: null, title: body.title, notes: body.notes },
          { transaction: t },
        );
      }
      await bumpMeeting(this.db, meeting.id, t);
    });
    this.stages?.flush();
    this.changed(meeting.id);
  }

  async reorder(meeting: Meeting, itemIds: number[]): Promise<void> {
    await this.db.tx(async (t) => {
      const items = await this.db.models.AgendaItem.findAll({ where: { meetingId: meeting.id }, transaction: t });
      const known = new Set(items.map((i) => i.id));
      if (
        itemIds.length !== items.length ||
        new Set(itemIds).size !== itemIds.length ||
        !itemIds.every((x) => known.has(x))
      )
        throw errors.invalid('meeting.error.reorder');
      for (const [index, itemId] of itemIds.entries())
        await this.db.models.AgendaItem.update({ position: index + 1 }, { where: { id: itemId }, transaction: t });
      await bumpMeeting(this.db, meeting.id, t);
    });
    this.changed(meeting.id);
  }

  async remove(meeting: Meeting, itemId: number): Promise<void> {
    await this.db.tx(async (t) => {
      const item = await this.db.models.AgendaItem.findOne({
        where: { id: itemId, meetingId: meeting.id },
        attributes: ['id'],
        transaction: t,
      });
      if (!item) throw errors.notFound();
      // Before the item goes: its stage row finds it by the item's id, which the delete sets to null.
      await this.stages?.unplaced(itemId, t);
      await this.db.models.AgendaItem.destroy({ where: { id: itemId, meetingId: meeting.id }, transaction: t });
      const current = await this.db.models.Meeting.findByPk(meeting.id, {
        transaction: t,
        attributes: ['currentItemId'],
      });
      await bumpMeeting(this.db, meeting.id, t, current?.currentItemId === itemId ? { currentItemId: null } : {});
    });
    this.stages?.flush();
    this.changed(meeting.id);
  }

  /**
   * Accepted topics of the meeting's organisation and everything below it that are not on this
   * agenda yet, oldest first. Those open longer than 30 days are flagged `stalled`: the
   * round-table's suggestions (长期搁置未决).
   */
  async candidates(meeting: Meeting): Promise<AgendaCandidates> {
    const subtree = await this.tree.subtree(meeting.organisationId);
    const placed = (
      await this.db.models.AgendaItem.findAll({
        where: { meetingId: meeting.id, topicId: { [Op.ne]: null } },
        attributes: ['topicId'],
        raw: true,
      })
    ).map((i) => i.topicId!);
    const topics = await this.db.models.Topic.findAll({
      where: {
        organisationId: { [Op.in]: subtree },
        status: 'accepted',
        ...(placed.length ? { id: { [Op.notIn]: placed } } : {}),
      },
      order: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
      limit: CANDIDATE_LIMIT,
    });
    const orgs = new Map(
      (
        await this.db.models.Organisation.findAll({
          where: { id: { [Op.in]: [...new Set(topics.map((t) => t.organisationId))] } },
          attributes: ['id', 'name'],
        })
      ).map((o) => [o.id, o.name]),
    );
    const now = this.clock.now();
    return {
      items: topics.map((t) => ({
        topicId: t.id,
        title: t.title,
        details: t.details.slice(0, 300),
        category: t.category,
        organisationName: orgs.get(t.organisationId) ?? '',
        raisedAt: t.createdAt.toISOString(),
        daysOpen: daysOpen(t.createdAt, now),
        stalled: isStalled(t.createdAt, now),
        cosignCount: t.cosignCount,
      })),
    };
  }
}
