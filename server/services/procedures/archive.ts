import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import { blocksOf, type MinutesNode } from '../../../shared/minutes/content.js';
import { formatTimestamp } from '../../../shared/minutes/format.js';
import { translate } from '../../../shared/i18n/index.js';
import type { Locale } from '../../../shared/roles.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { Principal } from '../access.js';
import type { MinutesService } from '../minutes/minutes.js';
import type { OrgTree } from '../org-tree.js';
import { loadProcedure } from './procedures.js';
import { diffParts } from './diff.js';

import type { ArchiveBundle, ArchivePart } from './archive-bundle.js';

export type { ArchiveBundle, ArchivePart };

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const part = (heading: string, lines: string[]): ArchivePart => ({
  heading,
  lines,
  sha256: sha256([heading, ...lines].join('\n')),
});

/** The text of an agenda item's section of the minutes: what was said about this stage. */
export function minutesExtract(doc: MinutesNode, agendaItemId: number): string[] {
  const nodes = doc.content ?? [];
  const start = nodes.findIndex((n) => n.type === 'item_heading' && Number(n.attrs?.itemId) === agendaItemId);
  if (start < 0) return [];
  let end = nodes.findIndex((n, i) => i > start && (n.type === 'item_heading' || n.type === 'minutes_footer'));
  if (end < 0) end = nodes.length;
  const lines: string[] = [];
  for (const b of blocksOf({ type: 'doc', content: nodes.slice(start + 1, end) })) {
    const text = 'runs' in b ? b.runs.map((r) => r.text).join('') : '';
    if (b.kind === 'vote') lines.push(...b.attrs.lines);
    else if (text.trim()) lines.push(b.kind === 'list_item' ? `• ${text}` : text);
  }
  return lines;
}

/**
 * The archive a township files (档案): everything that shows the matter went through the four
 * deliberations and two publications, as parts each with its SHA-256, and the hash of the whole.
 * The same bundle renders to PDF and DOCX (loaded on first use, like the minutes' exports).
 */
export class ProcedureArchive {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly minutes: () => MinutesService,
  ) {}

  async bundle(principal: Principal, id: number, locale: Locale): Promise<ArchiveBundle> {
    const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
    const p = await loadProcedure(this.db, this.tree, principal, id);
    const { models } = this.db;
    const org = await models.Organisation.findByPk(p.organisationId, { attributes: ['name'] });
    const versions = await models.ProcedureVersion.findAll({
      where: { procedureId: p.id },
      order: [['version', 'ASC']],
    });
    const attempts = await models.ProcedureStage.findAll({ where: { procedureId: p.id }, order: [['id', 'ASC']] });
    const meetings = new Map(
      (await models.Meeting.findAll({ where: { id: { [Op.in]: attempts.map((a) => a.meetingId) } } })).map((m) => [
        m.id,
        m,
      ]),
    );
    const motions = new Map(
      (
        await models.Motion.findAll({
          where: { id: { [Op.in]: attempts.map((a) => a.motionId).filter((x): x is number => x !== null) } },
          attributes: ['id', 'question'],
        })
      ).map((m) => [m.id, m]),
    );
    const pubs = await models.ProcedurePublication.findAll({ where: { procedureId: p.id }, order: [['id', 'ASC']] });
    const objections = await models.ProcedureObjection.findAll({
      where: { procedureId: p.id },
      order: [['id', 'ASC']],
    });
    const last = versions[versions.length - 1]!;
    const parts: ArchivePart[] = [];
    parts.push(
      part(t('procedure.archive.proposal'), [
        `${t('procedure.version', { version: last.version })}`,
        ...last.text.split('\n'),
      ]),
    );
    const history: string[] = [];
    for (const [i, v] of versions.entries()) {
      history.push(
        `${t('procedure.version', { version: v.version })} · ${formatTimestamp(v.createdAt.toISOString())}${v.note ? ` · ${v.note}` : ''}`,
      );
      const prev = versions[i - 1];
      if (prev)
        for (const c of diffParts(prev.text, v.text))
          if (c.kind !== 'same') history.push(`  ${c.kind === 'added' ? '+' : '−'} ${c.text.trim()}`);
    }
    parts.push(part(t('procedure.archive.history'), history));
    for (const a of attempts) {
      const m = meetings.get(a.meetingId);
      const lines = [
        t('procedure.archive.meeting', { title: m?.title ?? '' }),
        t('procedure.archive.date', { date: m ? formatTimestamp(m.startsAt.toISOString()) : '' }),
        t('procedure.archive.body', { body: t(`meeting.body.${a.body}`) }),
      ];
      if (a.state !== 'scheduled') {
        lines.push(
          t('procedure.archive.attendance', { entitled: a.entitled ?? 0, present: a.present ?? 0 }),
          t('procedure.archive.motion', { question: (a.motionId && motions.get(a.motionId)?.question) || '' }),
          t('procedure.archive.result', { result: t(`procedure.attempt.${a.state}`) }),
          t('procedure.archive.rule', { statement: a.statement?.[locale] ?? '' }),
        );
        if (a.version) lines.push(t('procedure.decided_on', { version: a.version }));
        if (a.reason) lines.push(`${t('procedure.field.reason')}：${a.reason}`);
      } else lines.push(t('procedure.attempt.scheduled'));
      const extract = a.agendaItemId ? await this.extract(a.meetingId, a.agendaItemId) : [];
      lines.push(t('procedure.archive.minutes'), ...(extract.length ? extract : [t('procedure.archive.no_minutes')]));
      parts.push(part(`${t(`procedure.stage.${a.stage}`)}（${a.attempt}）`, lines));
    }
    const pubLines: string[] = [];
    for (const x of pubs) {
      pubLines.push(
        t(`procedure.publication.${x.kind}`),
        t('procedure.archive.period', {
          from: formatTimestamp(x.startsAt.toISOString()),
          to: formatTimestamp((x.withdrawnAt ?? x.endsAt).toISOString()),
          days: x.days,
        }),
        ...x.text.split('\n'),
      );
      // Its 决议 was annulled: the file says so rather than leaving a void publication unexplained.
      if (x.voided) pubLines.push(t('procedure.publication.annulled'));
      for (const o of objections.filter((o) => o.publicationId === x.id))
        pubLines.push(t('procedure.archive.objection', { text: o.text, answer: o.answer ?? '—' }));
    }
    parts.push(part(t('procedure.archive.publications'), pubLines.length ? pubLines : ['—']));
    return {
      title: `${t('procedure.archive.title')}：${p.title}`,
      subtitle: `${org?.name ?? ''} · ${t(`procedure.kind.${p.kind}`)} · ${t(`procedure.state.${p.state}`)}`,
      parts,
      sha256: sha256(parts.map((x) => x.sha256).join('\n')),
      labels: {
        hashes: t('procedure.archive.hashes'),
        whole: t('procedure.archive.whole'),
        generated: t('procedure.archive.generated', { date: formatTimestamp(this.clock.now().toISOString()) }),
      },
    };
  }

  /** The item's section from the final minutes when the meeting is closed, else from the live document. */
  private async extract(meetingId: number, agendaItemId: number): Promise<string[]> {
    const final = await this.db.models.MinutesVersion.findOne({ where: { meetingId }, order: [['version', 'DESC']] });
    const content = final ? (JSON.parse(final.content) as MinutesNode) : await this.minutes().content(meetingId);
    return minutesExtract(content, agendaItemId);
  }

  async render(principal: Principal, id: number, format: 'pdf' | 'docx', locale: Locale) {
    const bundle = await this.bundle(principal, id, locale);
    const data =
      format === 'pdf'
        ? await (await import('./archive-pdf.js')).archivePdf(bundle)
        : await (await import('./archive-docx.js')).archiveDocx(bundle);
    return {
      data,
      filename: `procedure-${id}.${format}`,
      contentType:
        format === 'pdf'
          ? 'application/pdf'
          : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    };
  }
}
