import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import * as Y from 'yjs';
import { canonicalJSON, hashedContent, type MinutesNode } from '../../../shared/minutes/content.js';
import type { HeaderAttrs } from '../../../shared/minutes/schema.js';
import { CLOSE_CODES } from '../../../shared/error-codes.js';
import { VoteResultInput } from '../../../shared/schemas/minutes.js';
import type { Clock } from '../../clock.js';
import {
  appendFooter,
  appendToSection,
  hasFooter,
  insertVote,
  syncStructure,
  toJSON,
  type Structure,
} from '../../collab/minutes-doc.js';
import type { Persistence } from '../../collab/persistence.js';
import { SERVER_ORIGIN, type CollabServer } from '../../collab/server.js';
import type { Database } from '../../db/index.js';
import type { Meeting } from '../../db/models/meeting.js';
import type { MinutesVersion, Signatory } from '../../db/models/minutes-version.js';
import { AppError, errors, parse } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { hasRoleAt, type Principal } from '../access.js';
import { STAFF_ROLES } from '../meeting-access.js';
import type { MeetingService } from '../meetings.js';
import type { OrgTree } from '../org-tree.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const minutesDocName = (meetingId: number) => `minutes:${meetingId}`;

/** What a connection to a minutes document may do, or why it may not open it. */
export type MinutesAccess = 'write' | 'read' | 'unauthenticated' | 'forbidden' | 'not_found';

/**
 * Each meeting's minutes: a Yjs document (`minutes:<meetingId>`) shaped by the meeting — a
 * header and one section per agenda item — that the convener and the meeting's secretaries
 * edit together, and that is frozen into a numbered, hashed version when the meeting closes.
 */
export class MinutesService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly meetings: MeetingService,
    private readonly collab: () => CollabServer,
    private readonly persistence: Persistence,
    private readonly logger: Logger,
  ) {}

  /**
   * Who may open a meeting's minutes: its convener and secretaries write (until it closes);
   * staff who may see the meeting, the projector (screen token) and checked-in participants
   * (their personal token) read.
   */
  async access(
    meetingId: number,
    principal: Principal | null,
    tokens: { screen?: string | null; participant?: string | null },
  ): Promise<MinutesAccess> {
    const meeting = await this.db.models.Meeting.findByPk(meetingId);
    if (!meeting) return 'not_found';
    if (tokens.screen)
      return meeting.screenTokenHash !== null && meeting.screenTokenHash === sha256(tokens.screen)
        ? 'read'
        : 'forbidden';
    if (tokens.participant) {
      const invitee = await this.db.models.Invitee.findOne({
        where: { meetingId, inviteTokenHash: sha256(tokens.participant) },
      });
      return invitee ? 'read' : 'forbidden';
    }
    if (!principal) return 'unauthenticated';
    if (!(await hasRoleAt(this.tree, principal, STAFF_ROLES, meeting.organisationId))) return 'forbidden';
    return this.writes(principal, meeting) ? 'write' : 'read';
  }

  writes(principal: Principal, meeting: Meeting): boolean {
    const staff = meeting.convenerId === principal.userId || meeting.secretaryIds.includes(principal.userId);
    return staff && meeting.status !== 'closed';
  }

  /** The meeting's facts the document shows: header fields and agenda items in order. */
  async structure(meeting: Meeting): Promise<Structure> {
    // Independent reads, issued together: this runs before a client's first sync.
    const [people, org, attendance, agendaItems] = await Promise.all([
      this.db.models.User.findAll({
        where: { id: { [Op.in]: [meeting.convenerId ?? 0, ...meeting.secretaryIds] } },
        attributes: ['id', 'displayName'],
      }),
      this.db.models.Organisation.findByPk(meeting.organisationId, { attributes: ['name'] }),
      this.meetings.attendance(meeting),
      this.meetings.agenda(meeting.id),
    ]);
    const name = (id: number | null) => people.find((p) => p.id === id)?.displayName ?? '';
    const header: HeaderAttrs = {
      title: meeting.title,
      organisation: org?.name ?? '',
      kind: meeting.kind,
      startsAt: meeting.startsAt.toISOString(),
      endsAt: meeting.endsAt.toISOString(),
      venue: meeting.venue,
      convener: name(meeting.convenerId),
      recorders: meeting.secretaryIds.map(name).filter(Boolean).join('、'),
      expected: attendance.expected,
      present: attendance.present,
      absent: attendance.absent,
      remote: attendance.remote,
      remoteCounted: attendance.remoteCounted,
    };
    return { header, agenda: agendaItems.map((i) => ({ id: i.id, title: i.title })) };
  }

  /**
   * Brings a freshly loaded document up to date before any client syncs: the structure of a
   * meeting in progress, or the footer of a final version (repairing a crash between storing
   * the version and sealing the document). Returns whether it changed the document.
   */
  async prepare(meetingId: number, doc: Y.Doc): Promise<boolean> {
    const [meeting, final] = await Promise.all([
      this.db.models.Meeting.findByPk(meetingId),
      this.finalVersion(meetingId),
    ]);
    if (!meeting) return false;
    if (final) {
      if (hasFooter(doc)) return false;
      appendFooter(doc, this.footerOf(final));
      return true;
    }
    return syncStructure(doc, await this.structure(meeting));
  }

  private readonly refreshing = new Map<number, NodeJS.Timeout>();

  /**
   * The meeting changed (agenda, check-ins, staff): update an open document soon. Debounced, since
   * a hall checking in at once changes attendance many times a second; a document nobody has open
   * is brought up to date when it is next loaded instead.
   */
  meetingChanged(meetingId: number): void {
    if (this.refreshing.has(meetingId)) return;
    const timer = setTimeout(() => {
      this.refreshing.delete(meetingId);
      void this.refresh(meetingId).catch((err) => this.logger.error({ err, meetingId }, 'minutes refresh failed'));
    }, 250);
    timer.unref();
    this.refreshing.set(meetingId, timer);
  }

  private async refresh(meetingId: number): Promise<void> {
    const name = minutesDocName(meetingId);
    if (!(await this.collab().loaded(name))) return;
    const meeting = await this.db.models.Meeting.findByPk(meetingId);
    if (!meeting || meeting.status === 'closed') return;
    const structure = await this.structure(meeting);
    await this.collab().withDocument(name, (doc) => doc.transact(() => syncStructure(doc, structure), SERVER_ORIGIN));
  }

  /** Runs a server change on an open (or loaded-for-the-purpose) minutes document that is not final. */
  private async change<T>(meetingId: number, fn: (doc: Y.Doc) => T): Promise<T> {
    const meeting = await this.db.models.Meeting.findByPk(meetingId);
    if (!meeting) throw errors.notFound();
    if (meeting.status === 'closed' || (await this.finalVersion(meetingId)))
      throw new AppError('conflict', 'minutes.error.final');
    const name = minutesDocName(meetingId);
    return this.collab().withDocument(name, async (doc) => {
      const result = doc.transact(() => fn(doc), SERVER_ORIGIN);
      await this.persistence.flush(name);
      return result;
    });
  }

  /**
   * Adds a closed vote's result to its agenda item's section, as a block secretaries cannot
   * alter: the schema makes it a non-editable atom, and the server refuses any update that
   * changes or deletes it (server/collab/protect.ts). For the voting service; stored before it returns.
   */
  async insertVoteResult(meetingId: number, agendaItemId: number, input: VoteResultInput): Promise<void> {
    const vote = parse(VoteResultInput, input);
    const inserted = await this.change(meetingId, (doc) =>
      insertVote(doc, { itemId: agendaItemId, title: vote.title, lines: vote.lines }),
    );
    if (!inserted) throw new AppError('not_found', 'meeting.error.item');
  }

  /** Appends blocks of text (ProseMirror JSON) to an item's section; used for demo minutes. */
  async appendToItem(meetingId: number, agendaItemId: number, blocks: MinutesNode[]): Promise<void> {
    const appended = await this.change(meetingId, (doc) => appendToSection(doc, agendaItemId, blocks));
    if (!appended) throw new AppError('not_found', 'meeting.error.item');
  }

  /** The document's current content as ProseMirror JSON. */
  async content(meetingId: number): Promise<MinutesNode> {
    return this.collab().withDocument(minutesDocName(meetingId), (doc) => toJSON(doc));
  }

  finalVersion(meetingId: number): Promise<MinutesVersion | null> {
    return this.db.models.MinutesVersion.findOne({ where: { meetingId }, order: [['version', 'DESC']] });
  }

  footerOf(v: MinutesVersion) {
    return {
      version: v.version,
      sha256: v.sha256,
      finalisedAt: v.finalisedAt.toISOString(),
      signatories: v.signatories.map((s) => ({ role: s.role, name: s.name })),
    };
  }

  private readonly finalising = new Map<number, Promise<MinutesVersion>>();

  /**
   * Freezes the minutes of a closed meeting: no client may change them from this moment; the
   * last attendance is written into the header; the content without footer is hashed (SHA-256 of
   * its canonical JSON) and stored as the next version with its signatories (convener, recorders)
   * and time; a footer showing all that seals the document; the document is compacted to one row;
   * and every open editor is disconnected with 4410 so it reloads the final version.
   */
  finalise(meetingId: number): Promise<MinutesVersion> {
    let pending = this.finalising.get(meetingId);
    if (!pending) {
      pending = this.doFinalise(meetingId).finally(() => this.finalising.delete(meetingId));
      this.finalising.set(meetingId, pending);
    }
    return pending;
  }

  private async doFinalise(meetingId: number): Promise<MinutesVersion> {
    const existing = await this.finalVersion(meetingId);
    if (existing) return existing;
    const meeting = await this.db.models.Meeting.findByPk(meetingId);
    if (!meeting) throw errors.notFound();
    if (meeting.status !== 'closed') throw new AppError('conflict', 'minutes.error.not_closed');
    const name = minutesDocName(meetingId);
    const collab = this.collab();
    const structure = await this.structure(meeting);
    const signatories = await this.signatories(meeting);
    const version = await collab.withDocument(name, async (doc) => {
      await collab.freeze(name);
      doc.transact(() => syncStructure(doc, structure), SERVER_ORIGIN);
      const content = canonicalJSON(hashedContent(toJSON(doc)));
      const row = await this.db.tx(async (transaction) => {
        const latest = await this.db.models.MinutesVersion.max('version', { where: { meetingId }, transaction });
        return this.db.models.MinutesVersion.create(
          {
            meetingId,
            version: ((latest as number | null) ?? 0) + 1,
            content,
            sha256: sha256(content),
            signatories,
            finalisedAt: this.clock.now(),
            publishedAt: null,
            publishedBy: null,
            publicContent: null,
            publicSha256: null,
          },
          { transaction },
        );
      });
      doc.transact(() => appendFooter(doc, this.footerOf(row)), SERVER_ORIGIN);
      await this.persistence.compact(name);
      return row;
    });
    await collab.disconnectAll(name, CLOSE_CODES.finalised);
    this.logger.info({ meetingId, version: version.version, sha256: version.sha256 }, 'minutes finalised');
    return version;
  }

  private async signatories(meeting: Meeting): Promise<Signatory[]> {
    const ids = [meeting.convenerId, ...meeting.secretaryIds].filter((x): x is number => x != null);
    const users = await this.db.models.User.findAll({ where: { id: { [Op.in]: ids } } });
    const of = (id: number, role: Signatory['role']): Signatory => ({
      role,
      userId: id,
      name: users.find((u) => u.id === id)?.displayName ?? '',
    });
    return [
      ...(meeting.convenerId ? [of(meeting.convenerId, 'convener')] : []),
      ...meeting.secretaryIds.map((id) => of(id, 'recorder')),
    ];
  }
}
