import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, Transaction } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { Logger } from '../logger.js';
import { MIGRATIONS } from './migrations/index.js';
import { AuditEvent } from './models/audit-event.js';
import { Membership } from './models/membership.js';
import { Organisation } from './models/organisation.js';
import { Session } from './models/session.js';
import { User } from './models/user.js';
import { IntakeCode } from './models/intake-code.js';
import { Topic } from './models/topic.js';
import { TopicEvent } from './models/topic-event.js';
import { TopicPhoto } from './models/topic-photo.js';
import { Cosign } from './models/cosign.js';
import { Referral } from './models/referral.js';
import { Meeting } from './models/meeting.js';
import { AgendaItem } from './models/agenda-item.js';
import { Invitee } from './models/invitee.js';
import { Attendance } from './models/attendance.js';
import { Studio } from './models/studio.js';
import { QueueTicket } from './models/queue-ticket.js';
import { Visit } from './models/visit.js';
import { YjsUpdate } from './models/yjs-update.js';
import { MinutesVersion } from './models/minutes-version.js';
import { Motion } from './models/motion.js';
import { Vote } from './models/vote.js';
import { MotionTally } from './models/motion-tally.js';
import { Decision } from './models/decision.js';
import { Resolution } from './models/resolution.js';
import { ResolutionTopic } from './models/resolution-topic.js';
import { ResolutionEvent } from './models/resolution-event.js';
import { ResolutionRating } from './models/resolution-rating.js';
import { ResolutionPhoto } from './models/resolution-photo.js';
import { Notification } from './models/notification.js';
import { Webhook } from './models/webhook.js';
import { WebhookDelivery } from './models/webhook-delivery.js';
import { Household } from './models/household.js';
import { Person } from './models/person.js';
import { PersonStatusEvent } from './models/person-status-event.js';
import { DeliberatingBody } from './models/deliberating-body.js';
import { BodyMember } from './models/body-member.js';
import { CheckinRequest } from './models/checkin-request.js';
import { SmsChallenge } from './models/sms-challenge.js';
import { Procedure } from './models/procedure.js';
import { ProcedureVersion } from './models/procedure-version.js';
import { ProcedureStage } from './models/procedure-stage.js';
import { ProcedurePublication } from './models/procedure-publication.js';
import { ProcedureObjection } from './models/procedure-objection.js';
import { ProcedureEvent } from './models/procedure-event.js';
import { ProcedureFlag } from './models/procedure-flag.js';

export interface Models {
  Organisation: typeof Organisation;
  User: typeof User;
  Membership: typeof Membership;
  Session: typeof Session;
  AuditEvent: typeof AuditEvent;
  IntakeCode: typeof IntakeCode;
  Topic: typeof Topic;
  TopicEvent: typeof TopicEvent;
  TopicPhoto: typeof TopicPhoto;
  Cosign: typeof Cosign;
  Referral: typeof Referral;
  Meeting: typeof Meeting;
  AgendaItem: typeof AgendaItem;
  Invitee: typeof Invitee;
  Attendance: typeof Attendance;
  Studio: typeof Studio;
  QueueTicket: typeof QueueTicket;
  Visit: typeof Visit;
  YjsUpdate: typeof YjsUpdate;
  MinutesVersion: typeof MinutesVersion;
  Motion: typeof Motion;
  Vote: typeof Vote;
  MotionTally: typeof MotionTally;
  Decision: typeof Decision;
  Resolution: typeof Resolution;
  ResolutionTopic: typeof ResolutionTopic;
  ResolutionEvent: typeof ResolutionEvent;
  ResolutionRating: typeof ResolutionRating;
  ResolutionPhoto: typeof ResolutionPhoto;
  Notification: typeof Notification;
  Webhook: typeof Webhook;
  WebhookDelivery: typeof WebhookDelivery;
  Household: typeof Household;
  Person: typeof Person;
  PersonStatusEvent: typeof PersonStatusEvent;
  DeliberatingBody: typeof DeliberatingBody;
  BodyMember: typeof BodyMember;
  CheckinRequest: typeof CheckinRequest;
  SmsChallenge: typeof SmsChallenge;
  Procedure: typeof Procedure;
  ProcedureVersion: typeof ProcedureVersion;
  ProcedureStage: typeof ProcedureStage;
  ProcedurePublication: typeof ProcedurePublication;
  ProcedureObjection: typeof ProcedureObjection;
  ProcedureEvent: typeof ProcedureEvent;
  ProcedureFlag: typeof ProcedureFlag;
}

export interface Database {
  sequelize: Sequelize;
  models: Models;
  dialect: 'sqlite' | 'postgres';
  /**
   * Runs `fn` in a transaction. On SQLite, transactions are IMMEDIATE and serialized through one
   * in-process queue: concurrent Sequelize transactions otherwise fail with SQLITE_BUSY
   * (STACK.md, "SQLite under concurrency"). On PostgreSQL they run concurrently.
   */
  tx<T>(fn: (t: Transaction) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` outside any transaction once this process's queued write transactions are done
   * (SQLite: in the same queue; PostgreSQL: at once). For maintenance such as a WAL checkpoint.
   */
  afterWrites<T>(fn: () => Promise<T>): Promise<T>;
  migrate(): Promise<string[]>;
  /** Migrations not applied yet (`npm run yishi -- doctor`). */
  pendingMigrations(): Promise<string[]>;
  /**
   * Runs `fn` while no other process does the same: instances started together must not run
   * the same migration (or the first-run seed) twice. PostgreSQL: a session advisory lock on a
   * connection of its own; SQLite serves one process, so `fn` just runs.
   */
  startupLock<T>(fn: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

type SqliteConnection = { run(sql: string, cb: (err: Error | null) => void): void };
interface SqliteConnectionManager {
  getConnection(options?: { uuid?: string }): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection): void;
}

/**
 * Two fixes to Sequelize's SQLite connection handling, found by the intake benchmark:
 * - its SQLite dialect never runs `afterConnect` hooks, so pragmas must be applied here, once
 *   per connection (WAL, busy timeout, foreign keys);
 * - it opens and closes a fresh connection for every transaction (~10 ms each). Our transactions
 *   are serialized by `tx`'s queue and never overlap, so they can all share one connection.
 */
function tuneSqlite(sequelize: Sequelize): void {
  const manager = (sequelize as unknown as { connectionManager: SqliteConnectionManager }).connectionManager;
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  const prepared = new WeakSet<SqliteConnection>();
  let shared: SqliteConnection | null = null;
  const run = (c: SqliteConnection, sql: string) =>
    new Promise<void>((resolve, reject) => c.run(sql, (err) => (err ? reject(err) : resolve())));
  manager.getConnection = async (options = {}) => {
    const forTransaction = options.uuid !== undefined && options.uuid !== 'default';
    const connection = await getConnection({ ...options, uuid: forTransaction ? 'transactions' : options.uuid });
    if (!prepared.has(connection)) {
      prepared.add(connection);
      await run(connection, 'PRAGMA busy_timeout = 10000');
      await run(connection, 'PRAGMA journal_mode = WAL');
      await run(connection, 'PRAGMA synchronous = NORMAL');
      await run(connection, 'PRAGMA foreign_keys = ON');
    }
    if (forTransaction) shared = connection;
    return connection;
  };
  manager.releaseConnection = (connection) => {
    if (connection !== shared) releaseConnection(connection);
  };
}

/** Any constant, the same in every instance: "yishi" in ASCII. */
const STARTUP_LOCK_KEY = 0x796973686;

/** Opens (and for SQLite, creates the folder of) the database named by a URL. Does not migrate. */
export async function openDatabase(url: string, logger?: Logger): Promise<Database> {
  const isSqlite = url.startsWith('sqlite:');
  const logging = logger ? (sql: string) => logger.trace({ sql }, 'sql') : false;
  let sequelize: Sequelize;
  if (isSqlite) {
    const storage = url.slice('sqlite:'.length) || ':memory:';
    if (storage !== ':memory:') fs.mkdirSync(path.dirname(storage), { recursive: true });
    sequelize = new Sequelize({ dialect: 'sqlite', storage, logging });
    tuneSqlite(sequelize);
  } else {
    sequelize = new Sequelize(url, {
      dialect: 'postgres',
      logging,
      pool: { max: 10, min: 0, idle: 10_000 },
    });
  }

  const models: Models = {
    Organisation: Organisation.initModel(sequelize),
    User: User.initModel(sequelize),
    Membership: Membership.initModel(sequelize),
    Session: Session.initModel(sequelize),
    AuditEvent: AuditEvent.initModel(sequelize),
    IntakeCode: IntakeCode.initModel(sequelize),
    Topic: Topic.initModel(sequelize),
    TopicEvent: TopicEvent.initModel(sequelize),
    TopicPhoto: TopicPhoto.initModel(sequelize),
    Cosign: Cosign.initModel(sequelize),
    Referral: Referral.initModel(sequelize),
    Meeting: Meeting.initModel(sequelize),
    AgendaItem: AgendaItem.initModel(sequelize),
    Invitee: Invitee.initModel(sequelize),
    Attendance: Attendance.initModel(sequelize),
    Studio: Studio.initModel(sequelize),
    QueueTicket: QueueTicket.initModel(sequelize),
    Visit: Visit.initModel(sequelize),
    YjsUpdate: YjsUpdate.initModel(sequelize),
    MinutesVersion: MinutesVersion.initModel(sequelize),
    Motion: Motion.initModel(sequelize),
    Vote: Vote.initModel(sequelize),
    MotionTally: MotionTally.initModel(sequelize),
    Decision: Decision.initModel(sequelize),
    Resolution: Resolution.initModel(sequelize),
    ResolutionTopic: ResolutionTopic.initModel(sequelize),
    ResolutionEvent: ResolutionEvent.initModel(sequelize),
    ResolutionRating: ResolutionRating.initModel(sequelize),
    ResolutionPhoto: ResolutionPhoto.initModel(sequelize),
    Notification: Notification.initModel(sequelize),
    Webhook: Webhook.initModel(sequelize),
    WebhookDelivery: WebhookDelivery.initModel(sequelize),
    Household: Household.initModel(sequelize),
    Person: Person.initModel(sequelize),
    PersonStatusEvent: PersonStatusEvent.initModel(sequelize),
    DeliberatingBody: DeliberatingBody.initModel(sequelize),
    BodyMember: BodyMember.initModel(sequelize),
    CheckinRequest: CheckinRequest.initModel(sequelize),
    SmsChallenge: SmsChallenge.initModel(sequelize),
    Procedure: Procedure.initModel(sequelize),
    ProcedureVersion: ProcedureVersion.initModel(sequelize),
    ProcedureStage: ProcedureStage.initModel(sequelize),
    ProcedurePublication: ProcedurePublication.initModel(sequelize),
    ProcedureObjection: ProcedureObjection.initModel(sequelize),
    ProcedureEvent: ProcedureEvent.initModel(sequelize),
    ProcedureFlag: ProcedureFlag.initModel(sequelize),
  };

  let queue: Promise<unknown> = Promise.resolve();
  const tx = <T>(fn: (t: Transaction) => Promise<T>): Promise<T> => {
    if (!isSqlite) return sequelize.transaction(fn);
    const run = queue.then(() => sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, fn));
    queue = run.catch(() => undefined);
    return run;
  };

  const afterWrites = <T>(fn: () => Promise<T>): Promise<T> => {
    if (!isSqlite) return fn();
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const umzug = () =>
    new Umzug({
      migrations: MIGRATIONS.map((m) => ({ name: m.name, up: m.up, down: m.down })),
      context: sequelize.getQueryInterface(),
      storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
      logger: undefined,
    });
  const migrate = async (): Promise<string[]> => (await umzug().up()).map((m) => m.name);
  const pendingMigrations = async (): Promise<string[]> => (await umzug().pending()).map((m) => m.name);

  const startupLock = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (isSqlite) return fn();
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
      return await fn();
    } finally {
      // Ending the session releases the lock too, should the unlock fail.
      await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  };

  return {
    sequelize,
    models,
    dialect: isSqlite ? 'sqlite' : 'postgres',
    tx,
    afterWrites,
    migrate,
    pendingMigrations,
    startupLock,
    ping: async () => {
      await sequelize.query('SELECT 1');
    },
    close: () => sequelize.close(),
  };
}
