import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * "Who counts" (issue 13): the village register (村民名册) of people and households, deliberating
 * bodies (议事主体) whose membership runs over dated spans, personal passes, check-in requests the
 * desk decides, and co-signs matched to a person on the register.
 *
 * Why these shapes:
 * - People are never deleted: a move or a death is a status change with its date and reason
 *   (`person_status_events`), so a past meeting's entitled list can always be rebuilt.
 * - No ID-card numbers: at most their last four characters (`id_suffix`), only to tell two people
 *   of the same name apart.
 * - `external_key` is the stable key a re-import updates by (a sheet's 编号, or a key derived from
 *   name + household + id_suffix), unique per village, so importing the same sheet twice duplicates
 *   nobody.
 * - A villagers' assembly has no membership rows: it is every adult on the register on the date.
 *   Other bodies list their members with `starts_on` / `ends_on` (dates as 'YYYY-MM-DD' in China
 *   time, compared as strings).
 * - A meeting of a body freezes, when it opens, how many were entitled (and, for the assembly, how
 *   many households): quorum reads those columns, never a number typed per meeting.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
  const ts = { type: DataTypes.DATE, allowNull: false };
  const optionalTs = { type: DataTypes.DATE, allowNull: true };
  const day = (allowNull: boolean) => ({ type: DataTypes.STRING(10), allowNull });
  const ref = (model: string, allowNull: boolean, onDelete = 'CASCADE') => ({
    type: DataTypes.INTEGER,
    allowNull,
    references: { model, key: 'id' },
    onDelete,
  });

  await qi.createTable('households', {
    id,
    /** The village or community whose register holds it. */
    organisation_id: ref('organisations', false),
    grid_id: ref('organisations', true, 'SET NULL'),
    /** 户号 as the village writes it; the re-import key of a household. */
    number: { type: DataTypes.STRING(32), allowNull: false },
    address: { type: DataTypes.STRING(100), allowNull: true },
    /** Set once the head's person row exists (people reference households, so not a foreign key here). */
    head_person_id: { type: DataTypes.INTEGER, allowNull: true },
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('households', ['organisation_id', 'number'], { unique: true, name: 'households_number_once' });

  await qi.createTable('people', {
    id,
    organisation_id: ref('organisations', false),
    household_id: ref('households', true, 'SET NULL'),
    grid_id: ref('organisations', true, 'SET NULL'),
    external_key: { type: DataTypes.STRING(64), allowNull: false },
    name: { type: DataTypes.STRING(40), allowNull: false },
    /** 'female' | 'male' | 'unknown' */
    gender: { type: DataTypes.STRING(8), allowNull: false },
    birth_year: { type: DataTypes.INTEGER, allowNull: true },
    /** Only read when birth_year is unknown: the sheet said this person is an adult. */
    adult: { type: DataTypes.BOOLEAN, allowNull: true },
    /** Last four characters of the ID card at most; never the whole number. */
    id_suffix: { type: DataTypes.STRING(4), allowNull: true },
    /** Mainland mobile, digits only; shown to the village's staff, never publicly. */
    phone: { type: DataTypes.STRING(11), allowNull: true },
    relation: { type: DataTypes.STRING(16), allowNull: true },
    /** 'resident' | 'away' (外出务工) | 'moved_out' | 'deceased' */
    status: { type: DataTypes.STRING(16), allowNull: false },
    status_since: day(false),
    party_member: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('people', ['organisation_id', 'external_key'], { unique: true, name: 'people_key_once' });
  await qi.addIndex('people', ['organisation_id', 'status']);
  await qi.addIndex('people', ['organisation_id', 'phone']);
  await qi.addIndex('people', ['household_id']);

  await qi.createTable('person_status_events', {
    id,
    person_id: ref('people', false),
    status: { type: DataTypes.STRING(16), allowNull: false },
    effective_on: day(false),
    reason: { type: DataTypes.STRING(200), allowNull: true },
    recorded_by: ref('users', true, 'SET NULL'),
    at: ts,
  });
  await qi.addIndex('person_status_events', ['person_id']);

  await qi.createTable('deliberating_bodies', {
    id,
    organisation_id: ref('organisations', false),
    /** A shared/rules/quorum.ts Body: villagers_assembly, representatives_meeting, party_assembly, two_committees, custom. */
    kind: { type: DataTypes.STRING(32), allowNull: false },
    name: { type: DataTypes.STRING(60), allowNull: false },
    /** Guests (乡贤, 企业, 部门代表) are listed; they vote only where the body says so. */
    guests_vote: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    /** Most proxies (委托) one person may hold; 0 = none (a household's representative at the assembly: 1 household). */
    max_proxies: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    archived_at: optionalTs,
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('deliberating_bodies', ['organisation_id', 'kind']);

  await qi.createTable('body_members', {
    id,
    body_id: ref('deliberating_bodies', false),
    person_id: ref('people', false),
    /** 'member' | 'representative' | 'committee' | 'guest' */
    role: { type: DataTypes.STRING(16), allowNull: false },
    starts_on: day(false),
    ends_on: day(true),
    /** SHA-256 of the personal pass (参会证) token; the token itself is shown once, on the pass. */
    pass_token_hash: { type: DataTypes.STRING(64), allowNull: true },
    pass_issued_at: optionalTs,
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('body_members', ['body_id', 'person_id']);
  await qi.addIndex('body_members', ['person_id']);
  await qi.addIndex('body_members', ['pass_token_hash'], { unique: true, name: 'body_members_pass_once' });

  await qi.addColumn('meetings', 'body_id', ref('deliberating_bodies', true, 'SET NULL'));
  /** Frozen when the meeting opens: the body's members (or the assembly's adults) on the meeting date. */
  await qi.addColumn('meetings', 'entitled_count', { type: DataTypes.INTEGER, allowNull: true });
  await qi.addColumn('meetings', 'entitled_households', { type: DataTypes.INTEGER, allowNull: true });
  await qi.addColumn('meetings', 'roster_frozen_at', optionalTs);

  await qi.addColumn('invitees', 'person_id', ref('people', true, 'SET NULL'));
  await qi.addIndex('invitees', ['meeting_id', 'person_id']);

  /** Which household a person represents at the assembly (its alternative quorum), and whose proxy. */
  await qi.addColumn('attendance', 'household_id', ref('households', true, 'SET NULL'));
  await qi.addColumn('attendance', 'proxy_for_invitee_id', ref('invitees', true, 'SET NULL'));

  await qi.createTable('checkin_requests', {
    id,
    meeting_id: ref('meetings', false),
    invitee_id: ref('invitees', false),
    /** 'claim' (scanned without a pass) | 'takeover' (a second device for someone present) */
    kind: { type: DataTypes.STRING(16), allowNull: false },
    /** 'pending' | 'confirmed' | 'rejected' | 'withdrawn' */
    state: { type: DataTypes.STRING(16), allowNull: false },
    /** SHA-256 of the secret the requesting phone polls with; the pass is handed over only to it. */
    request_token_hash: { type: DataTypes.STRING(64), allowNull: false },
    decided_by: ref('users', true, 'SET NULL'),
    decided_at: optionalTs,
    reason: { type: DataTypes.STRING(200), allowNull: true },
    created_at: ts,
  });
  await qi.addIndex('checkin_requests', ['meeting_id', 'state']);
  await qi.addIndex('checkin_requests', ['request_token_hash'], { unique: true, name: 'checkin_requests_token_once' });

  /** A co-sign matched to a person on the register (by an SMS code or at the desk) counts toward legal triggers. */
  await qi.addColumn('cosigns', 'person_id', ref('people', true, 'SET NULL'));
  await qi.addColumn('cosigns', 'verified_by', { type: DataTypes.STRING(8), allowNull: true });
  await qi.addColumn('cosigns', 'verified_at', optionalTs);
  await qi.addColumn('cosigns', 'verifier_id', ref('users', true, 'SET NULL'));
  await qi.addColumn('cosigns', 'notify_consent', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
  // One person counts once per topic (NULLs, the unverified co-signs, are distinct in both databases).
  await qi.addIndex('cosigns', ['topic_id', 'person_id'], { unique: true, name: 'cosigns_person_once' });
  await qi.addColumn('topics', 'verified_cosign_count', {
    type: DataTypes.INTEGER,
    allowNull: false,
    defaultValue: 0,
  });

  /** One-time codes sent by SMS; only hashes are kept, and they expire. */
  await qi.createTable('sms_challenges', {
    id,
    /** 'cosign' */
    purpose: { type: DataTypes.STRING(16), allowNull: false },
    phone_hash: { type: DataTypes.STRING(64), allowNull: false },
    person_id: ref('people', true, 'CASCADE'),
    topic_id: ref('topics', true, 'CASCADE'),
    code_hash: { type: DataTypes.STRING(64), allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    expires_at: ts,
    consumed_at: optionalTs,
    created_at: ts,
  });
  await qi.addIndex('sms_challenges', ['phone_hash', 'created_at']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('sms_challenges');
  await qi.removeColumn('topics', 'verified_cosign_count');
  await qi.removeIndex('cosigns', 'cosigns_person_once');
  for (const c of ['notify_consent', 'verifier_id', 'verified_at', 'verified_by', 'person_id'])
    await qi.removeColumn('cosigns', c);
  await qi.dropTable('checkin_requests');
  await qi.removeColumn('attendance', 'proxy_for_invitee_id');
  await qi.removeColumn('attendance', 'household_id');
  await qi.removeColumn('invitees', 'person_id');
  for (const c of ['roster_frozen_at', 'entitled_households', 'entitled_count', 'body_id'])
    await qi.removeColumn('meetings', c);
  await qi.dropTable('body_members');
  await qi.dropTable('deliberating_bodies');
  await qi.dropTable('person_status_events');
  await qi.dropTable('people');
  await qi.dropTable('households');
}
