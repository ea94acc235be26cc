import type { MeetingSummary } from '../../../shared/schemas/meeting.js';
import type {
  DiffView,
  ProcedureDetail,
  ProcedureList,
  ProcedureListQuery,
  ProcedureStats,
  ProcedureSummary,
  PublicTimeline,
} from '../../../shared/schemas/procedure.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { Procedure } from '../../db/models/procedure.js';
import type { Principal } from '../access.js';
import type { OrgTree } from '../org-tree.js';
import { ProcedureDetails } from './detail.js';
import { summarise } from './summaries.js';
import { timelines } from './timelines.js';
import { TownshipQueries } from './township.js';

/**
 * Reading procedures, one entry point for the routes, the socket layer and the board; each concern
 * lives in its own file: the township's list and summary (township.ts), one matter in full and the
 * diff of its versions (detail.ts), the public board's timelines (timelines.ts), and the rows the
 * list and live updates share (summaries.ts).
 */
export class ProcedureQueries {
  private readonly township: TownshipQueries;
  private readonly details: ProcedureDetails;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    tree: OrgTree,
  ) {
    this.township = new TownshipQueries(db, clock, tree);
    this.details = new ProcedureDetails(db, clock, tree);
  }

  summaries(rows: Procedure[]): Promise<ProcedureSummary[]> {
    return summarise(this.db, rows, this.clock.now());
  }

  list(principal: Principal, q: ProcedureListQuery): Promise<ProcedureList> {
    return this.township.list(principal, q);
  }

  stats(principal: Principal, organisationId: number): Promise<ProcedureStats> {
    return this.township.stats(principal, organisationId);
  }

  detail(principal: Principal, id: number): Promise<ProcedureDetail> {
    return this.details.detail(principal, id);
  }

  meetingsFor(principal: Principal, id: number): Promise<MeetingSummary[]> {
    return this.details.meetingsFor(principal, id);
  }

  diff(principal: Principal, id: number, from: number, to: number): Promise<DiffView> {
    return this.details.diff(principal, id, from, to);
  }

  timelines(organisationId: number, only?: number[]): Promise<PublicTimeline[]> {
    return timelines(this.db, this.clock.now(), organisationId, only);
  }
}
