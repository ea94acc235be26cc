import { createHmac } from 'node:crypto';
import type { Database } from '../../server/db/index.js';
import type { Dice } from './random.js';
import type { BulkWriter } from './writer.js';

/** How big a county to build; `scale` multiplies every total (0.002 for a test). */
export interface CountySize {
  townships: number;
  villages: number;
  people: number;
  topics: number;
  meetings: number;
  resolutions: number;
}

export const FULL_COUNTY: CountySize = {
  townships: 12,
  villages: 250,
  people: 300_000,
  topics: 200_000,
  meetings: 8_000,
  resolutions: 40_000,
};

export function sizeAt(scale: number): CountySize {
  const s = (n: number, min: number) => Math.max(min, Math.round(n * scale));
  const villages = s(FULL_COUNTY.villages, 2);
  return {
    townships: Math.min(villages, s(FULL_COUNTY.townships, 1)),
    villages,
    // Enough per village for a register with its bodies, a meeting or two and each resolution state.
    people: s(FULL_COUNTY.people, villages * 150),
    topics: s(FULL_COUNTY.topics, villages * 40),
    meetings: s(FULL_COUNTY.meetings, villages * 4),
    resolutions: s(FULL_COUNTY.resolutions, 20),
  };
}

/** A village as the generator knows it while filling it. */
export interface Village {
  id: number;
  index: number;
  name: string;
  townshipId: number;
  townshipName: string;
  gridIds: number[];
  intakeCodeId: number;
  /** 村支书: reviews topics, convenes, owns accepted topics (reviewer, convener, representative). */
  leadId: number;
  leadName: string;
  secretaryId: number;
  /** Everyone owner-side notifications go to: members of the village with an owner role. */
  ownerSide: number[];
  /** The township's department account: the unit resolutions are dispatched to. */
  unitUserId: number;
  /** The bench's village account, when this is its village: convener of the live meeting. */
  benchUserId: number | null;
}

/** What every part of the generator shares. */
export interface County {
  db: Database;
  writer: BulkWriter;
  dice: Dice;
  now: Date;
  /** Three years before `now`: where the county's history begins. */
  start: Date;
  /** The key co-signers' devices and phones are hashed with (system_settings.hash_key). */
  hashKey: Buffer;
  /** Names of the staff accounts, for minutes' signatories and notifications. */
  userNames: Map<number, string>;
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** The Hasher's keyed hash (server/services/codes.ts), computed here without a database round trip. */
export const keyedHash = (county: County, kind: string, value: string) =>
  createHmac('sha256', county.hashKey).update(`${kind}:${value}`).digest('hex');

/** An audit record as recordAudit writes it. */
export function audit(
  county: County,
  at: Date,
  entry: {
    actorId: number | null;
    action: string;
    subjectType: string;
    subjectId: number;
    organisationId: number | null;
    summary?: Record<string, unknown>;
  },
): void {
  county.writer.add('audit_events', {
    actor_id: entry.actorId,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: String(entry.subjectId),
    organisation_id: entry.organisationId,
    summary: entry.summary ?? {},
    at,
  });
}

/** A moment `ms` after `from`, never later than the county's now. */
export const after = (county: County, from: Date, ms: number) =>
  new Date(Math.min(county.now.getTime(), from.getTime() + Math.max(0, ms)));
