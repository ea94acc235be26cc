import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { translate } from '../../shared/i18n/index.js';
import { canonicalJSON, hashedContent, type MinutesNode } from '../../shared/minutes/content.js';
import { DEFAULT_LOCALE } from '../../shared/roles.js';
import { redactDeep } from '../../shared/rules/redaction.js';
import { appendFooter, appendToSection, insertVote, syncStructure, toJSON } from '../../server/collab/minutes-doc.js';
import { minutesDocName } from '../../server/services/minutes/minutes.js';
import { HOUR, MINUTE, audit, type County, type Village } from './context.js';
import type { WrittenMeeting } from './meetings.js';
import type { ItemRecord } from './votes.js';
import { MINUTES_LINES } from './words.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** server/services/minutes/publish.ts's keys whose values are never prose. */
const NOT_PROSE = ['type', 'kind', 'level', 'role', 'itemId', 'sha256', 'startsAt', 'endsAt', 'finalisedAt'];
const paragraph = (text: string): MinutesNode => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/**
 * A meeting's minutes as the secretaries and the server leave them, built on a Y.Doc with the
 * server's own functions (server/collab/minutes-doc.ts): the header and a section per item, the
 * secretary's notes, each vote's protected result block. A closed meeting's minutes are then
 * finalised as MinutesService.finalise does (hashed canonical JSON without the footer, a version
 * with its signatories, the footer, one compacted row) and most are published with the redacted
 * public copy; a live meeting's are a document still being typed.
 */
export function writeMinutes(
  county: County,
  village: Village,
  meeting: WrittenMeeting,
  records: ItemRecord[],
  privateNames: Set<string>,
): void {
  const { dice, writer, userNames } = county;
  const m = meeting.plan;
  const doc = new Y.Doc();
  const convener = userNames.get(meeting.convenerId) ?? '';
  const recorder = userNames.get(meeting.secretaryId) ?? '';
  doc.transact(() => {
    syncStructure(doc, {
      header: {
        title: meeting.title,
        organisation: village.name,
        kind: m.kind,
        startsAt: m.startsAt.toISOString(),
        endsAt: m.endsAt.toISOString(),
        venue: meeting.venue,
        convener,
        recorders: recorder,
        expected: meeting.expected,
        present: meeting.present,
        absent: Math.max(0, meeting.expected - meeting.present),
        // The county's meetings are all in the hall.
        remote: 0,
        remoteCounted: false,
      },
      agenda: records.map((r, i) => ({ id: r.itemId, title: r.title || `议程 ${i + 1}` })),
    });
    for (const [i, r] of records.entries()) {
      if (m.status === 'live' && i > 0) break;
      const lines = dice.shuffle([...MINUTES_LINES]).slice(0, dice.int(1, 3));
      appendToSection(
        doc,
        r.itemId,
        lines.map((l) => paragraph(l.replace('{item}', r.title || '本议题'))),
      );
      if (r.vote) insertVote(doc, { itemId: r.itemId, title: r.vote.title, lines: r.vote.lines });
    }
  });
  const name = minutesDocName(meeting.id);
  if (m.status !== 'closed') {
    writer.add('yjs_updates', {
      doc_name: name,
      data: Buffer.from(Y.encodeStateAsUpdate(doc)),
      created_at: county.now,
    });
    return;
  }
  const finalisedAt = new Date(m.endsAt.getTime() + dice.int(1, 20) * MINUTE);
  const content = canonicalJSON(hashedContent(toJSON(doc)));
  const hash = sha256(content);
  const signatories = [
    { role: 'convener', userId: meeting.convenerId, name: convener },
    { role: 'recorder', userId: meeting.secretaryId, name: recorder },
  ];
  doc.transact(() =>
    appendFooter(doc, {
      version: 1,
      sha256: hash,
      finalisedAt: finalisedAt.toISOString(),
      signatories: signatories.map((s) => ({ role: s.role as 'convener' | 'recorder', name: s.name })),
    }),
  );
  writer.add('yjs_updates', { doc_name: name, data: Buffer.from(Y.encodeStateAsUpdate(doc)), created_at: finalisedAt });
  const published = dice.chance(0.8) ? new Date(finalisedAt.getTime() + dice.lognormal(20 * HOUR, 1)) : null;
  // Only names that occur can be redacted: looking for the village's few hundred in every string is the slow part.
  const occurring = [...privateNames].filter((n) => content.includes(n));
  const publicContent = published
    ? canonicalJSON(
        redactDeep(
          JSON.parse(content) as MinutesNode,
          {
            names: occurring,
            phone: translate(DEFAULT_LOCALE, 'minutes.redacted.phone'),
            name: translate(DEFAULT_LOCALE, 'minutes.redacted.name'),
          },
          NOT_PROSE,
        ),
      )
    : null;
  writer.add('minutes_versions', {
    meeting_id: meeting.id,
    version: 1,
    content,
    sha256: hash,
    signatories,
    finalised_at: finalisedAt,
    published_at: published && published < county.now ? published : null,
    published_by: published && published < county.now ? meeting.convenerId : null,
    public_content: published && published < county.now ? publicContent : null,
    public_sha256: published && published < county.now ? sha256(publicContent!) : null,
  });
  if (published && published < county.now)
    audit(county, published, {
      actorId: meeting.convenerId,
      action: 'minutes.published',
      subjectType: 'meeting',
      subjectId: meeting.id,
      organisationId: village.id,
      summary: { version: 1, sha256: hash, publicSha256: sha256(publicContent!) },
    });
}
