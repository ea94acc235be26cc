import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import { canonicalJSON, hashedContent, type MinutesNode } from '../../../shared/minutes/content.js';
import { formatTimestamp } from '../../../shared/minutes/format.js';
import { translate } from '../../../shared/i18n/index.js';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/roles.js';
import { redactDeep, redactText, type Redaction } from '../../../shared/rules/redaction.js';
import type { BoardMinutes, BoardMinutesSummary, MinutesInfo } from '../../../shared/schemas/minutes.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { Meeting } from '../../db/models/meeting.js';
import type { MinutesVersion } from '../../db/models/minutes-version.js';
import { AppError, errors } from '../../errors.js';
import type { Principal } from '../access.js';
import { recordAudit } from '../audit.js';
import { canOrganise, loadMeeting } from '../meeting-access.js';
import { EXPORT_FORMATS, type ExportFormat, type ExportInput } from './export.js';
import { blocksText } from './text.js';
import { minutesDocName, type MinutesService } from './minutes.js';
import type { OrgTree } from '../org-tree.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** JSON keys whose values are never prose: node types, times, hashes, ids. */
const NOT_PROSE = ['type', 'kind', 'level', 'role', 'itemId', 'sha256', 'startsAt', 'endsAt', 'finalisedAt'];

/**
 * What happens to minutes once they are final: the staff page's view of them, exports for
 * filing (DOCX, PDF), and publication on the public board — a copy with phone numbers and
 * residents' names removed, hashed in its own right, with its own downloads.
 */
export class MinutesPublishing {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly minutes: MinutesService,
  ) {}

  /** The final version of a closed meeting, finalising now if a crash left it unfinished. */
  private async final(meeting: Meeting): Promise<MinutesVersion | null> {
    const found = await this.minutes.finalVersion(meeting.id);
    if (found || meeting.status !== 'closed') return found;
    return this.minutes.finalise(meeting.id);
  }

  async info(principal: Principal, meetingId: number): Promise<MinutesInfo> {
    const meeting = await loadMeeting(this.db, this.tree, principal, meetingId);
    const final = await this.final(meeting);
    return {
      meetingId,
      title: meeting.title,
      status: meeting.status,
      docName: minutesDocName(meetingId),
      canWrite: !final && this.minutes.writes(principal, meeting),
      canPublish: await canOrganise(this.tree, principal, meeting),
      final: final
        ? {
            ...this.minutes.footerOf(final),
            publishedAt: final.publishedAt?.toISOString() ?? null,
          }
        : null,
    };
  }

  /**
   * Residents' names this organisation's records hold privately (topic submitters, visitors
   * at reception days), to be removed from anything published. Names only ever appear in
   * minutes when a secretary typed them, so every such name in the subtree is looked for.
   */
  private async privateNames(organisationId: number): Promise<Set<string>> {
    const orgs = await this.tree.subtree(organisationId);
    const topics = await this.db.models.Topic.findAll({
      where: { organisationId: { [Op.in]: orgs }, submitterName: { [Op.ne]: null } },
      attributes: ['submitterName'],
      raw: true,
    });
    const studios = await this.db.models.Studio.findAll({
      where: { organisationId: { [Op.in]: orgs } },
      attributes: ['id'],
      raw: true,
    });
    const visits = await this.db.models.Visit.findAll({
      where: { studioId: { [Op.in]: studios.map((s) => s.id) }, visitorName: { [Op.ne]: null } },
      attributes: ['visitorName'],
      raw: true,
    });
    return new Set([...topics.map((t) => t.submitterName!), ...visits.map((v) => v.visitorName!)]);
  }

  private redaction(names: Set<string>): Redaction {
    return {
      names,
      phone: translate(DEFAULT_LOCALE, 'minutes.redacted.phone'),
      name: translate(DEFAULT_LOCALE, 'minutes.redacted.name'),
    };
  }

  /** Publishes the final version to the public board (organisers only). Publishing twice changes nothing. */
  async publish(principal: Principal, meetingId: number): Promise<MinutesInfo> {
    const meeting = await loadMeeting(this.db, this.tree, principal, meetingId);
    if (!(await canOrganise(this.tree, principal, meeting))) throw errors.forbidden();
    const final = await this.final(meeting);
    if (!final) throw new AppError('conflict', 'minutes.error.not_final');
    if (!final.publishedAt) {
      const content = JSON.parse(final.content) as MinutesNode;
      const publicContent = canonicalJSON(
        redactDeep(content, this.redaction(await this.privateNames(meeting.organisationId)), NOT_PROSE),
      );
      await this.db.tx(async (transaction) => {
        await final.update(
          {
            publishedAt: this.clock.now(),
            publishedBy: principal.userId,
            publicContent,
            publicSha256: sha256(publicContent),
          },
          { transaction },
        );
        await recordAudit(this.db, this.clock, transaction, {
          actorId: principal.userId,
          action: 'minutes.published',
          subjectType: 'meeting',
          subjectId: meetingId,
          organisationId: meeting.organisationId,
          summary: { version: final.version, sha256: final.sha256, publicSha256: sha256(publicContent) },
        });
      });
    }
    return this.info(principal, meetingId);
  }

  private exportInput(meeting: Meeting, v: MinutesVersion, locale: Locale, publicCopy: boolean): ExportInput {
    const content = JSON.parse(publicCopy ? v.publicContent! : v.content) as MinutesNode;
    return {
      title: meeting.title,
      content: hashedContent(content),
      seal: {
        version: v.version,
        sha256: publicCopy ? v.publicSha256! : v.sha256,
        finalisedAt: formatTimestamp(v.finalisedAt.toISOString()),
        signatories: v.signatories.map((s) => ({ role: s.role, name: s.name })),
        ...(publicCopy ? { officialSha256: v.sha256 } : {}),
      },
      label: (key, params) => translate(locale, key, params),
    };
  }

  /**
   * Rendered files of final versions, which never change: a PDF subsets a CJK font (a few hundred
   * milliseconds), and a published board copy is downloaded by many. Kept few and small.
   */
  private readonly files = new Map<string, Promise<Buffer>>();

  private async render(input: ExportInput, format: ExportFormat, meetingId: number, locale: Locale) {
    const spec = EXPORT_FORMATS[format];
    const key = `${meetingId}:${input.seal.version}:${input.seal.sha256}:${format}:${locale}`;
    let body = this.files.get(key);
    if (!body) {
      body = spec.render(input);
      this.files.set(key, body);
      body.catch(() => this.files.delete(key));
      if (this.files.size > 32) this.files.delete(this.files.keys().next().value!);
    }
    return {
      body: await body,
      contentType: spec.contentType,
      filename: `minutes-${meetingId}-v${input.seal.version}.${format}`,
    };
  }

  /** The official final version as DOCX or PDF, for staff who may see the meeting. */
  async file(principal: Principal, meetingId: number, format: ExportFormat, locale: Locale) {
    const meeting = await loadMeeting(this.db, this.tree, principal, meetingId);
    const final = await this.final(meeting);
    if (!final) throw new AppError('conflict', 'minutes.error.not_final');
    return this.render(this.exportInput(meeting, final, locale, false), format, meetingId, locale);
  }

  private summary(meeting: Meeting, organisationName: string, v: MinutesVersion): BoardMinutesSummary {
    return {
      meetingId: meeting.id,
      title: redactText(meeting.title, this.redaction(new Set())),
      kind: meeting.kind,
      organisationId: meeting.organisationId,
      organisationName,
      startsAt: meeting.startsAt.toISOString(),
      version: v.version,
      publishedAt: v.publishedAt!.toISOString(),
    };
  }

  /** Published minutes of an organisation and everything below it, newest first. */
  async board(organisationId: number, page: { offset: number; limit: number }) {
    const orgs = await this.tree.subtree(organisationId);
    if (!orgs.length) throw errors.notFound();
    // The subtree's meetings are named in SQL and only the page's are read: a county's board
    // would otherwise load every meeting its villages ever held to show twenty.
    const ofSubtree = this.db.sequelize.literal(
      `(SELECT id FROM meetings WHERE organisation_id IN (${orgs.map((id) => Math.trunc(id)).join(',')}))`,
    );
    const { rows, count } = await this.db.models.MinutesVersion.findAndCountAll({
      where: { meetingId: { [Op.in]: ofSubtree }, publishedAt: { [Op.ne]: null } },
      order: [
        ['publishedAt', 'DESC'],
        ['id', 'DESC'],
      ],
      offset: page.offset,
      limit: page.limit,
    });
    const meetings = rows.length
      ? await this.db.models.Meeting.findAll({ where: { id: { [Op.in]: rows.map((v) => v.meetingId) } } })
      : [];
    const byId = new Map(meetings.map((m) => [m.id, m]));
    const names = new Map(
      (
        await this.db.models.Organisation.findAll({
          where: { id: { [Op.in]: [...new Set(meetings.map((m) => m.organisationId))] } },
          attributes: ['id', 'name'],
        })
      ).map((o) => [o.id, o.name]),
    );
    return {
      total: count,
      items: rows.map((v) => {
        const m = byId.get(v.meetingId)!;
        return this.summary(m, names.get(m.organisationId) ?? '', v);
      }),
    };
  }

  private async published(meetingId: number): Promise<{ meeting: Meeting; version: MinutesVersion }> {
    const version = await this.db.models.MinutesVersion.findOne({
      where: { meetingId, publishedAt: { [Op.ne]: null } },
      order: [['version', 'DESC']],
    });
    const meeting = version ? await this.db.models.Meeting.findByPk(meetingId) : null;
    if (!version || !meeting) throw errors.notFound();
    return { meeting, version };
  }

  /** One published minutes: the redacted copy as text and structure, with its downloads. */
  async boardRead(meetingId: number, locale: Locale): Promise<BoardMinutes> {
    const { meeting, version } = await this.published(meetingId);
    const org = await this.db.models.Organisation.findByPk(meeting.organisationId, { attributes: ['name'] });
    const input = this.exportInput(meeting, version, locale, true);
    const base = `/api/board/minutes/${meetingId}`;
    return {
      ...this.summary(meeting, org?.name ?? '', version),
      sha256: version.publicSha256!,
      officialSha256: version.sha256,
      finalisedAt: version.finalisedAt.toISOString(),
      signatories: input.seal.signatories,
      text: blocksText(input),
      content: input.content as unknown as Record<string, unknown>,
      downloads: { docx: `${base}/minutes.docx`, pdf: `${base}/minutes.pdf` },
    };
  }

  async boardFile(meetingId: number, format: ExportFormat, locale: Locale) {
    const { meeting, version } = await this.published(meetingId);
    return this.render(this.exportInput(meeting, version, locale, true), format, meetingId, locale);
  }
}
