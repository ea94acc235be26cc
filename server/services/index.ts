import { voteResultToMinutes } from './minutes/vote-minutes.js';
import type { Clock } from '../clock.js';
import { invalidatedEverywhere, type Cluster } from '../cluster/index.js';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';
import { OrganisationService } from './organisations.js';
import { OrgTree } from './org-tree.js';
import { SessionService } from './sessions.js';
import { UserService } from './users.js';
import { Hasher } from './codes.js';
import { IntakeCodeService } from './intake-codes.js';
import { IntakeService } from './intake.js';
import { VerifiedCosigns } from './cosigns/verified-cosigns.js';
import { CosignerTexts } from './cosigns/cosigner-texts.js';
import { createSmsProvider, type SmsProvider } from './sms/index.js';
import { ReviewService } from './review.js';
import { MeetingService } from './meetings.js';
import { MeetingLiveService } from './meeting-live.js';
import type { Meeting } from '../db/models/meeting.js';
import { ReceptionService } from './reception.js';
import { ReceptionDeskService } from './reception-desk.js';
import { ReviewTargetService } from './review-targets.js';
import { RELAY_CHANNEL } from '../collab/relay.js';
import { CollabServer } from '../collab/server.js';
import { documentHooks } from '../collab/documents.js';
import { Persistence } from '../collab/persistence.js';
import { DocumentStore } from '../collab/store.js';
import { MinutesService } from './minutes/minutes.js';
import { MinutesPublishing } from './minutes/publish.js';
import { Voters } from './voters.js';
import { BallotMix } from './ballot-mix.js';
import { BallotWriter, type CommittedTally } from './ballot-writer.js';
import { BallotService } from './ballots.js';
import { MotionService } from './motions.js';
import { MotionCloser } from './motion-close.js';
import { DecisionService } from './decisions.js';
import { ResolutionService } from './resolutions.js';
import { ResolutionDrafts } from './resolution-drafts.js';
import { ResolutionQueries } from './resolution-queries.js';
import { ResolutionRatings } from './resolution-ratings.js';
import { ResolutionJobs } from './resolution-jobs.js';
import { Notifier } from './notifier.js';
import { WebhookService } from './webhooks.js';
import { StatsService } from './stats.js';
import { Metrics } from './metrics/metrics.js';
import { originAllowed } from '../http/origins.js';
import { ProcedureService } from './procedures/procedures.js';
import { ProcedureStages } from './procedures/stages.js';
import { ProcedureAnnulments } from './procedures/annulments.js';
import { ProcedureObjections } from './procedures/objections.js';
import { ProcedureQueries } from './procedures/queries.js';
import { ProcedurePublications } from './procedures/publications.js';
import { ProcedureArchive } from './procedures/archive.js';
import { ProcedureFlagWatch } from './procedures/watch.js';
import { createRegister, type Register } from './register/index.js';
import { BodyService } from './bodies/bodies.js';
import { BodyPasses } from './checkin/passes.js';
import { CheckinDesk } from './checkin/desk.js';
import { Proxies } from './checkin/proxies.js';
import { RemotePasses } from './checkin/remote.js';
import type { CheckinRequestView } from '../../shared/schemas/checkin.js';
import type { RevokeReason } from '../../shared/events.js';

const INTAKE_CODES_CHANGED = 'intake-codes:changed';
const ORGANISATIONS_CHANGED = 'organisations:changed';

/** Everything a route, socket handler or job may call. Built once per app from its deps. */
export interface Services {
  db: Database;
  clock: Clock;
  logger: Logger;
  config: Config;
  /** The other instances: bus, cluster lock for scheduled jobs, shared rate limits (server/cluster/). */
  cluster: Cluster;
  tree: OrgTree;
  sessions: SessionService;
  organisations: OrganisationService;
  /** An organisation's settings changed: every instance forgets what it cached of them, at once. */
  organisationsChanged(): void;
  users: UserService;
  intakeCodes: IntakeCodeService;
  intake: IntakeService;
  /** Where one-time codes go (README "SMS"). */
  sms: SmsProvider;
  /** Co-signs matched to a person on the register: the only ones a legal trigger counts. */
  verifiedCosigns: VerifiedCosigns;
  review: ReviewService;
  meetings: MeetingService;
  live: MeetingLiveService;
  reception: ReceptionService;
  /** The merge and refer dialogs' choices. */
  reviewTargets: ReviewTargetService;
  /** The representative's desk on reception day. */
  desk: ReceptionDeskService;
  /** Yjs documents (served on /yjs/<name>), their storage, and the minutes built on them. */
  collab: CollabServer;
  documents: DocumentStore;
  minutes: MinutesService;
  minutesPublishing: MinutesPublishing;
  voters: Voters;
  motions: MotionService;
  motionCloser: MotionCloser;
  ballots: BallotService;
  decisions: DecisionService;
  /** Resolutions (issue 7): lifecycle verbs, where they come from, reads, ratings, notifications, jobs. */
  resolutions: ResolutionService;
  resolutionDrafts: ResolutionDrafts;
  resolutionQueries: ResolutionQueries;
  resolutionRatings: ResolutionRatings;
  resolutionJobs: ResolutionJobs;
  notifier: Notifier;
  webhooks: WebhookService;
  /** 三率 dashboards, the public board's rates and exports (issue 8). */
  stats: StatsService;
  /** Prometheus metrics of this app (GET /metrics); anything may count into it. */
  metrics: Metrics;
  /** 四议两公开 (issue 15): verbs, stages decided by motions, reads, publications and objections, the archive. */
  procedures: ProcedureService;
  procedureStages: ProcedureStages;
  procedureAnnulments: ProcedureAnnulments;
  procedureQueries: ProcedureQueries;
  procedurePublications: ProcedurePublications;
  procedureObjections: ProcedureObjections;
  procedureArchive: ProcedureArchive;
  /** The village register and its deliberating bodies (issue 13). */
  register: Register;
  bodies: BodyService;
  /** Issue 13, check-in that proves identity: personal passes, the desk (签到台), proxies. */
  passes: BodyPasses;
  /** Remote members following a live meeting of their body by their pass. */
  remotePasses: RemotePasses;
  checkin: CheckinDesk;
  proxies: Proxies;
  /** Set by the realtime layer: closes sockets of ended sessions, pushes topic changes to reviewers. */
  hooks: {
    sessionsEnded(userId: number, sessionIds?: number[]): void;
    topicReceived(topicId: number, organisationId: number): void;
    topicChanged(topicId: number): void;
    /** The hall changed; `meeting` is the row as just written, when the caller has it (saves a read). */
    meetingChanged(meetingId: number, meeting?: Meeting): void;
    /** The projector link of a meeting was replaced or withdrawn: screens showing it must stop. */
    screenRevoked(meetingId: number): void;
    /** A participant's pass was replaced or withdrawn: phones following with it must stop, told why. */
    passRevoked(meetingId: number, inviteeId: number, reason?: RevokeReason): void;
    /** The desk moved a participant's pass to another device: the first one is told why. */
    passReplaced(meetingId: number, inviteeId: number): void;
    /** A check-in request was made or decided: the desk's consoles show it. */
    checkinRequestChanged(meetingId: number, request: CheckinRequestView, created: boolean): void;
    /** Voting, set by the realtime layer: a motion changed; ballots were committed; a decision was made. */
    motionChanged(motionId: number): void;
    votesCounted(tallies: CommittedTally[]): void;
    decisionShown(decisionId: number): void;
    /**
     * Voting's extension points, no-ops by default, called after the commit: the resolutions
     * feature drafts a resolution (决议) from each recorded decision and withdraws it when the
     * motion behind it is annulled.
     */
    decisionRecorded(decisionId: number): void;
    decisionAnnulled(decisionId: number): void;
    /** Resolutions, set by the realtime layer: a resolution changed; these users' notifications changed. */
    resolutionChanged(resolutionId: number): void;
    notificationsChanged(userIds: number[]): void;
    /** 四议两公开, set by the realtime layer: a procedure changed (the township's view follows it). */
    procedureChanged(procedureId: number): void;
  };
}

export function createServices(deps: {
  db: Database;
  clock: Clock;
  logger: Logger;
  config: Config;
  cluster: Cluster;
}): Services {
  const { db, clock, logger, cluster } = deps;
  const metrics = new Metrics();
  metrics.watchDatabase(db.sequelize);
  const tree = new OrgTree(db);
  const hooks: Services['hooks'] = {
    sessionsEnded: () => undefined,
    topicReceived: () => undefined,
    topicChanged: () => undefined,
    meetingChanged: () => undefined,
    screenRevoked: () => undefined,
    passRevoked: () => undefined,
    passReplaced: () => undefined,
    checkinRequestChanged: () => undefined,
    motionChanged: () => undefined,
    votesCounted: () => undefined,
    decisionShown: () => undefined,
    decisionRecorded: () => undefined,
    decisionAnnulled: () => undefined,
    resolutionChanged: () => undefined,
    notificationsChanged: () => undefined,
    procedureChanged: () => undefined,
  };
  // Listeners resolve hooks at call time, since the realtime layer installs them after this.
  const topics = {
    topicReceived: (id: number, organisationId: number) => hooks.topicReceived(id, organisationId),
    topicChanged: (id: number) => hooks.topicChanged(id),
  };
  const { publicUrl } = deps.config;
  // The minutes keep their header (attendance) and sections (agenda) in step with the hall.
  const meetingChanged = (id: number, meeting?: Meeting) => {
    hooks.meetingChanged(id, meeting);
    minutes.meetingChanged(id);
  };
  const meetings = new MeetingService(db, clock, tree, meetingChanged, {
    passRevoked: (meetingId, inviteeId, reason) => hooks.passRevoked(meetingId, inviteeId, reason),
    closed: (id) =>
      minutes.finalise(id).catch((err) => logger.error({ err, meetingId: id }, 'finalising minutes failed')),
  });
  const documents = new DocumentStore(db, clock);
  const persistence = new Persistence(documents, logger, deps.config.collab);
  const sessions = new SessionService(db, clock, logger);
  const collab = new CollabServer(
    documentHooks({
      sessions,
      tree,
      store: documents,
      persistence,
      minutes: () => minutes,
      allowOrigin: (req) => originAllowed(deps.config, req),
    }),
    logger,
  );
  collab.connectRelay({
    publish: (data) => cluster.bus.publish(RELAY_CHANNEL, Buffer.from(data.buffer, data.byteOffset, data.byteLength)),
    subscribe: (handler) => cluster.bus.subscribe(RELAY_CHANNEL, (data) => handler(new Uint8Array(data))),
    onRecovered: (fn) => cluster.onRecovered(fn),
  });
  metrics.observeYjs(() => ({ documents: collab.openDocuments(), pendingUpdates: persistence.pendingUpdates() }));
  const minutes: MinutesService = new MinutesService(db, clock, tree, meetings, () => collab, persistence, logger);
  const hasher = new Hasher(db);
  const intake = new IntakeService(db, clock, tree, hasher, publicUrl, topics);
  const sms = createSmsProvider(deps.config.sms, logger);
  const verifiedCosigns = new VerifiedCosigns(db, clock, tree, hasher, sms, logger, topics);
  const webhooks = new WebhookService(db, clock, tree, logger);
  const notifier = new Notifier(db, clock, logger, webhooks, (ids) => hooks.notificationsChanged(ids));
  const cosignerTexts = new CosignerTexts(db, sms, logger);
  const procedureListener = { changed: (id: number) => hooks.procedureChanged(id) };
  const procedureStages = new ProcedureStages(db, clock, logger, tree, procedureListener);
  const procedureAnnulments = new ProcedureAnnulments(db, clock, logger, tree, procedureListener);
  // A stage waits for the motion on its agenda item; MeetingAgenda asks it before placing one.
  meetings.agendaOf.stages = procedureStages;
  const procedureFlags = new ProcedureFlagWatch(db, tree, procedureListener);
  meetings.procedureFlags = procedureFlags;
  const resolutionListener = {
    resolutionChanged: async (id: number, kind: string, actorId: number | null) => {
      hooks.resolutionChanged(id);
      // Texts to co-signers go out on their own: a slow SMS provider must not hold up the step.
      void cosignerTexts.resolutionChanged(id, kind);
      procedureStages
        .resolutionChanged(id)
        .catch((err) => logger.error({ err, resolutionId: id }, 'linking a resolution to its procedure failed'));
      await notifier.resolutionChanged(id, kind, actorId);
    },
  };
  const resolutions = new ResolutionService(db, clock, tree, resolutionListener);
  const resolutionDrafts = new ResolutionDrafts(db, clock, logger, resolutions, (id) =>
    resolutionListener.resolutionChanged(id, 'drafted', null),
  );
  const referred = resolutionDrafts.fromReferral.bind(resolutionDrafts);
  const review = new ReviewService(db, clock, tree, topics, referred);
  const reception = new ReceptionService(db, clock, tree, hasher, publicUrl);
  const reviewTargets = new ReviewTargetService(db, tree, review);
  const voters = new Voters(db, tree);
  const decisions = new DecisionService(db, clock, tree, meetings, {
    decisionRecorded: (id) => {
      hooks.decisionShown(id);
      hooks.decisionRecorded(id);
      resolutionDrafts
        .fromDecision(id)
        .then((rid) => {
          if (rid) void resolutionListener.resolutionChanged(rid, 'drafted', null);
        })
        .catch((err) => logger.error({ err, decisionId: id }, 'drafting a resolution failed'));
    },
    decisionAnnulled: (id) => {
      hooks.decisionShown(id);
      hooks.decisionAnnulled(id);
      resolutionDrafts
        .decisionAnnulled(id)
        .catch((err) => logger.error({ err, decisionId: id }, 'withdrawing a resolution failed'));
    },
  });
  const toMinutes = voteResultToMinutes(db, () => minutes, logger);
  const ballotMix = new BallotMix(db, cluster, logger);
  const motionEvents = {
    ballotsSettled: (id: number) => void ballotMix.settled(id),
    motionChanged: (id: number) => hooks.motionChanged(id),
    meetingChanged,
    motionClosed: (id: number) => {
      void toMinutes(id);
      // A motion on a procedure stage's item decides that stage (after the close committed).
      procedureStages
        .motionClosed(id)
        .catch((err) => logger.error({ err, motionId: id }, 'deciding a procedure stage failed'));
    },
    // An annulled motion's stage no longer stands: the matter goes back to it (after the commit).
    motionAnnulled: (id: number) =>
      void procedureAnnulments
        .motionAnnulled(id)
        .catch((err) => logger.error({ err, motionId: id }, 'undoing an annulled procedure stage failed')),
  };
  const motions = new MotionService(db, clock, tree, voters, decisions, motionEvents, logger);
  const writer = new BallotWriter(db, clock, voters, ballotMix, (tallies) => hooks.votesCounted(tallies));
  writer.onBatch = (ballots, seconds) => metrics.ballotBatch(ballots, seconds);
  // A code disabled here must stop working on every instance at once, not after the cache's TTL.
  const intakeCodesChanged = invalidatedEverywhere(cluster, INTAKE_CODES_CHANGED, () => intake.forget());
  const stats = new StatsService(db, clock, tree);
  // A replaced pass ends the remote following done with it: that phone stops and the hall recounts.
  const passes = new BodyPasses(db, clock, tree, publicUrl, ({ meetingId, inviteeId }) => {
    hooks.passRevoked(meetingId, inviteeId);
    meetingChanged(meetingId);
  });
  const checkin = new CheckinDesk(db, clock, tree, meetings, passes, {
    requestChanged: (meetingId, request, created) => hooks.checkinRequestChanged(meetingId, request, created),
    passReplaced: (meetingId, inviteeId) => hooks.passReplaced(meetingId, inviteeId),
  });
  // Organisation settings (allowRemoteVoting, populations) are cached by voting and statistics.
  const organisationsChanged = invalidatedEverywhere(cluster, ORGANISATIONS_CHANGED, () => {
    voters.forget();
    stats.forget();
  });
  const register = createRegister(db, clock, tree);
  return {
    ...deps,
    tree,
    hooks,
    sessions,
    organisations: new OrganisationService(db, clock, tree, procedureFlags),
    organisationsChanged,
    users: new UserService(db, clock, tree, (userId) => hooks.sessionsEnded(userId)),
    intakeCodes: new IntakeCodeService(db, clock, tree, publicUrl, intakeCodesChanged),
    intake,
    sms,
    verifiedCosigns,
    review,
    meetings,
    live: new MeetingLiveService(db, clock, tree, meetings, publicUrl, {
      changed: meetingChanged,
      screenRevoked: (meetingId) => hooks.screenRevoked(meetingId),
    }),
    reception,
    reviewTargets,
    desk: new ReceptionDeskService(db, clock, tree, reception, reviewTargets, topics, referred),
    collab,
    documents,
    minutes,
    minutesPublishing: new MinutesPublishing(db, clock, tree, minutes),
    voters,
    motions,
    motionCloser: new MotionCloser(db, clock, logger, tree, meetings, voters, decisions, motionEvents, ballotMix),
    ballots: new BallotService(db, voters, writer, motions),
    decisions,
    resolutions,
    resolutionDrafts,
    resolutionQueries: new ResolutionQueries(db, clock, tree),
    resolutionRatings: new ResolutionRatings(db, clock, hasher, resolutions),
    resolutionJobs: new ResolutionJobs(db, clock, resolutionListener, webhooks),
    notifier,
    webhooks,
    stats,
    metrics,
    procedures: new ProcedureService(db, clock, tree, procedureListener),
    procedureStages,
    procedureAnnulments,
    procedureQueries: new ProcedureQueries(db, clock, tree),
    procedurePublications: new ProcedurePublications(db, clock, tree, procedureListener),
    procedureObjections: new ProcedureObjections(db, clock, tree, publicUrl, {
      ...procedureListener,
      // In-app and live to the village's reviewers and the opener; never holds up the resident.
      objectionRaised: (id) => void notifier.objectionRaised(id),
    }),
    procedureArchive: new ProcedureArchive(db, clock, tree, () => minutes),
    register,
    bodies: new BodyService(db, clock, register.access),
    passes,
    remotePasses: new RemotePasses(db, tree, passes, meetings),
    checkin,
    proxies: new Proxies(db, clock, meetings, checkin, meetingChanged),
  };
}
