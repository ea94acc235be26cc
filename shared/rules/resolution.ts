/**
 * Resolutions (决议/事项) from decision to close-out: states, who moves them where, and how a
 * deadline reads against the clock. Pure: the server enforces these, the pages use them to show
 * only the buttons that can work.
 */
export const RESOLUTION_STATES = [
  'draft',
  'dispatched',
  'accepted',
  'returned',
  'in_progress',
  'reported',
  'closed',
  'reopened',
  'withdrawn',
] as const;
export type ResolutionState = (typeof RESOLUTION_STATES)[number];

export const SOURCE_KINDS = ['motion', 'consensus', 'referral', 'visit'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

/** The verbs; each moves a resolution from some states to one state (or keeps it, for progress). */
export const RESOLUTION_ACTIONS = [
  'dispatch',
  'accept',
  'return',
  'progress',
  'report',
  'close',
  'withdraw',
  'reopen',
] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];

/** Which side of the work may take an action: the owning village (派单方) or the responsible unit (承办方). */
export const ACTION_SIDE: Record<ResolutionAction, 'owner' | 'unit' | 'resident'> = {
  dispatch: 'owner',
  accept: 'unit',
  return: 'unit',
  progress: 'unit',
  report: 'unit',
  close: 'owner',
  withdraw: 'owner',
  reopen: 'resident',
};

const FROM: Record<ResolutionAction, readonly ResolutionState[]> = {
  dispatch: ['draft', 'returned'],
  accept: ['dispatched'],
  return: ['dispatched'],
  progress: ['accepted', 'in_progress', 'reopened'],
  report: ['accepted', 'in_progress', 'reopened'],
  close: ['reported'],
  withdraw: ['draft', 'returned'],
  reopen: ['reported'],
};

const TO: Record<ResolutionAction, ResolutionState> = {
  dispatch: 'dispatched',
  accept: 'accepted',
  return: 'returned',
  progress: 'in_progress',
  report: 'reported',
  close: 'closed',
  withdraw: 'withdrawn',
  reopen: 'reopened',
};

export const canTake = (action: ResolutionAction, state: ResolutionState): boolean => FROM[action].includes(state);
export const stateAfter = (action: ResolutionAction): ResolutionState => TO[action];

/** States in which the deadline runs: the matter is someone's to finish. */
export const RUNNING_STATES: readonly ResolutionState[] = ['dispatched', 'accepted', 'in_progress', 'reopened'];
/** States the public board lists (a draft or withdrawn one was never a standing decision to publish). */
export const PUBLIC_STATES: readonly ResolutionState[] = RESOLUTION_STATES.filter(
  (s) => s !== 'draft' && s !== 'withdrawn',
);

/** "Due soon" (amber on the dashboard): within three days of the deadline. */
export const DUE_SOON_MS = 3 * 86_400_000;

export type DeadlineStatus = 'overdue' | 'due_soon' | 'on_time' | 'none';

/** How a deadline reads at `now`; only running resolutions can be late. */
export function deadlineStatus(state: ResolutionState, deadline: Date | null, now: Date): DeadlineStatus {
  if (!deadline || !RUNNING_STATES.includes(state)) return 'none';
  const left = deadline.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left <= DUE_SOON_MS ? 'due_soon' : 'on_time';
}

/** 限时办结: default days to finish by category; anything not listed gets DEFAULT_DAYS. */
export const DEADLINE_DAYS: Readonly<Record<string, number>> = {
  公共设施: 15,
  道路交通: 30,
  环境卫生: 7,
  农业生产: 7,
  社会保障: 15,
  矛盾纠纷: 10,
};
export const DEFAULT_DAYS = 15;

/** The default deadline for a category, counted from `from`: end of that day in China (23:59:59 +08:00). */
export function defaultDeadline(category: string | null, from: Date): Date {
  const days = (category && DEADLINE_DAYS[category]) || DEFAULT_DAYS;
  const chinaDay = new Date(from.getTime() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  return new Date(`${chinaDay}T23:59:59+08:00`);
}

/**
 * The rating that decides (群众评单): the submitter's latest; without one, the latest co-signer's.
 * `ratings` in any order.
 */
export function decisiveRating<T extends { rating: Rating; by: 'submitter' | 'cosigner'; at: Date; id: number }>(
  ratings: readonly T[],
): T | null {
  const latest = (by: 'submitter' | 'cosigner') =>
    ratings
      .filter((r) => r.by === by)
      .reduce<T | null>(
        (best, r) => (!best || r.at > best.at || (+r.at === +best.at && r.id > best.id) ? r : best),
        null,
      );
  return latest('submitter') ?? latest('cosigner');
}

/** 满意 or 基本满意 let the owner close out; 不满意 sends the matter back (退回重办). */
export const allowsClose = (rating: Rating | null): boolean =>
  rating === 'satisfied' || rating === 'basically_satisfied';

/**
 * A state as a resident reads it: a reported result that the deciding rating accepted is no
 * longer "awaiting rating" but waiting for the village to close it out.
 */
export type ShownState = ResolutionState | 'rated';
export const shownState = (state: ResolutionState, rating: Rating | null): ShownState =>
  state === 'reported' && allowsClose(rating) ? 'rated' : state;

/** Where a resident's matter stands once resolutions answer it, for the badge on the tracking page. */
export const RESIDENT_PROGRESS = ['in_hand', 'done', 'rated', 'closed'] as const;
export type ResidentProgress = (typeof RESIDENT_PROGRESS)[number];

/**
 * The badge of a topic answered by these resolutions: null while none is public (the topic's own
 * status stands), closed when every one is closed out, in hand while any is still being worked on,
 * else done (awaiting the resident's rating) or rated (awaiting close-out).
 */
export function residentProgress(
  resolutions: readonly { state: ResolutionState; rating: Rating | null }[],
): ResidentProgress | null {
  const standing = resolutions.filter((r) => PUBLIC_STATES.includes(r.state));
  if (!standing.length) return null;
  if (standing.every((r) => r.state === 'closed')) return 'closed';
  const open = standing.filter((r) => r.state !== 'closed');
  if (open.some((r) => r.state !== 'reported')) return 'in_hand';
  return open.every((r) => allowsClose(r.rating)) ? 'rated' : 'done';
}
