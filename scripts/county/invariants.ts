import { QueryTypes } from 'sequelize';
import type { Database } from '../../server/db/index.js';

/**
 * What must hold of a generated county whatever its size, as SQL over the database itself (so a
 * change to a service's rows that the generator does not follow shows up here): each query
 * returns the rows that break the rule, and a sound county has none.
 */
export const INVARIANTS: Record<string, string> = {
  // Support shown on a topic is its co-sign rows plus one per duplicate merged into it.
  'cosign counter = co-sign rows + merged duplicates': `
    SELECT t.id FROM topics t
     WHERE t.cosign_count <> (SELECT COUNT(*) FROM cosigns c WHERE c.topic_id = t.id)
                           + (SELECT COUNT(*) FROM topics d WHERE d.merged_into_id = t.id)`,
  'verified counter = co-signs matched to the register': `
    SELECT t.id FROM topics t
     WHERE t.verified_cosign_count <> (SELECT COUNT(*) FROM cosigns c WHERE c.topic_id = t.id AND c.person_id IS NOT NULL)`,
  'a topic is owned once accepted, by staff of its village': `
    SELECT t.id FROM topics t
     WHERE (t.status = 'accepted') <> (t.owner_id IS NOT NULL)
        OR (t.owner_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM memberships m
             WHERE m.user_id = t.owner_id AND m.organisation_id = t.organisation_id))`,
  'reviewed topics have a first action, open ones not unless under review': `
    SELECT id FROM topics
     WHERE (status IN ('accepted', 'declined', 'merged', 'referred', 'under_review')) <> (first_action_at IS NOT NULL)`,
  "every resolution's meeting exists and is its village's": `
    SELECT r.id FROM resolutions r LEFT JOIN meetings m ON m.id = r.meeting_id
     WHERE r.meeting_id IS NOT NULL AND (m.id IS NULL OR m.organisation_id <> r.organisation_id)`,
  "every resolution's topic exists": `
    SELECT rt.resolution_id FROM resolution_topics rt LEFT JOIN topics t ON t.id = rt.topic_id WHERE t.id IS NULL`,
  'a resolution comes from a decision or a referral': `
    SELECT r.id FROM resolutions r
      LEFT JOIN decisions d ON d.id = r.decision_id AND d.resolution_id = r.id
      LEFT JOIN referrals f ON f.id = r.referral_id
     WHERE (r.decision_id IS NULL OR d.id IS NULL) AND (r.referral_id IS NULL OR f.id IS NULL)`,
  'every decision has its resolution (nothing for the start-up catch-up to draft)': `
    SELECT d.id FROM decisions d LEFT JOIN resolutions r ON r.id = d.resolution_id
     WHERE d.annulled_at IS NULL AND (d.resolution_id IS NULL OR r.id IS NULL)`,
  'dispatched resolutions have a unit and a deadline; drafts neither': `
    SELECT id FROM resolutions
     WHERE (state = 'draft' AND (dispatched_at IS NOT NULL OR deadline IS NOT NULL))
        OR (state NOT IN ('draft', 'withdrawn') AND (responsible_organisation_id IS NULL OR deadline IS NULL))`,
  'closed resolutions with a topic were rated 满意 or 基本满意': `
    SELECT r.id FROM resolutions r
     WHERE r.state = 'closed' AND r.closed_at IS NULL
        OR (r.state = 'closed' AND EXISTS (SELECT 1 FROM resolution_topics rt WHERE rt.resolution_id = r.id)
            AND (r.rating IS NULL OR r.rating NOT IN ('satisfied', 'basically_satisfied')))`,
  "a resolution's timeline ends in its state": `
    SELECT r.id FROM resolutions r
     WHERE r.state <> (SELECT e.to_state FROM resolution_events e WHERE e.resolution_id = r.id
                        ORDER BY e.at DESC, e.id DESC LIMIT 1)`,
  'running resolutions past their deadline were marked overdue': `
    SELECT id FROM resolutions
     WHERE state IN ('dispatched', 'accepted', 'in_progress', 'reopened')
       AND deadline < :markedBy AND overdue_notified_at IS NULL`,
  "a motion's tally matches its ballots": `
    SELECT m.id FROM motions m JOIN motion_tallies t ON t.motion_id = m.id
     WHERE m.kind <> 'show_of_hands' AND t.ballots <> (SELECT COUNT(*) FROM votes v WHERE v.motion_id = m.id)`,
  'voters were present members of the meeting': `
    SELECT v.id FROM votes v JOIN motions m ON m.id = v.motion_id JOIN invitees i ON i.id = v.invitee_id
     LEFT JOIN attendance a ON a.invitee_id = i.id
     WHERE i.meeting_id <> m.meeting_id OR i.member = :no OR a.present IS NULL OR a.present = :no`,
  'a passed motion recorded its decision, a failed one none': `
    SELECT m.id FROM motions m
     WHERE m.status = 'closed' AND (CAST(m.result AS TEXT) LIKE '%"passed":true%') <> EXISTS (SELECT 1 FROM decisions d WHERE d.motion_id = m.id)`,
  'closed meetings have final minutes; others none': `
    SELECT m.id FROM meetings m
     WHERE (m.status = 'closed') <> EXISTS (SELECT 1 FROM minutes_versions v WHERE v.meeting_id = m.id)`,
  "a body meeting's frozen count is its voting invitees": `
    SELECT m.id FROM meetings m
     WHERE m.entitled_count IS NOT NULL
       AND m.entitled_count <> (SELECT COUNT(*) FROM invitees i WHERE i.meeting_id = m.id AND i.member = :yes)`,
  "the village's adult population is its register's adults": `
    SELECT o.id FROM organisations o
     WHERE o.kind = 'village' AND o.is_demo = :yes AND EXISTS (SELECT 1 FROM people p WHERE p.organisation_id = o.id)
       AND CAST(o.settings AS TEXT) NOT LIKE '%"adultPopulation":' || (SELECT COUNT(*) FROM people p WHERE p.organisation_id = o.id
             AND p.status IN ('resident', 'away') AND p.birth_year <= :adultBorn) || ',%'`,
};

/** The rules a county breaks, with up to five offending ids each; empty when it is sound. */
export async function brokenInvariants(db: Database, now: Date): Promise<Record<string, number[]>> {
  const broken: Record<string, number[]> = {};
  const replacements = {
    yes: true,
    no: false,
    // The deadline job runs every minute: anything a minute past its deadline has been marked.
    markedBy: new Date(now.getTime() - 60_000),
    adultBorn: Number(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4)) - 18,
  };
  for (const [name, sql] of Object.entries(INVARIANTS)) {
    const rows = await db.sequelize.query<Record<string, number>>(`${sql} LIMIT 5`, {
      type: QueryTypes.SELECT,
      replacements,
    });
    if (rows.length) broken[name] = rows.map((r) => Number(Object.values(r)[0]));
  }
  return broken;
}
