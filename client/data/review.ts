import type { SessionUser } from '../../shared/schemas/session.js';
import type {
  OpenCount,
  OwnerCandidates,
  ReferBody,
  StaffTopic,
  StaffTopicList,
  TopicListQuery,
} from '../../shared/schemas/intake.js';
import type { MergeCandidates, ReferralTargets } from '../../shared/schemas/review.js';
import { query, request } from './api.js';
import { watchReviewQueue } from './socket.js';

/** The review queue (审定): list, one topic, and the four actions. */
export type TopicFilters = Partial<Omit<TopicListQuery, 'offset' | 'limit'>>;

export const listTopics = (filters: TopicFilters, offset: number, limit: number): Promise<StaffTopicList> =>
  request<StaffTopicList>('GET', `/api/topics${query({ ...filters, offset, limit })}`);

export const openTopicCount = async (): Promise<number> =>
  (await request<OpenCount>('GET', '/api/topics/open-count')).openCount;

export const getTopic = (id: number): Promise<StaffTopic> => request<StaffTopic>('GET', `/api/topics/${id}`);

export const topicPhotoUrl = (id: number, photoId: number): string => `/api/topics/${id}/photos/${photoId}`;

export const ownerCandidates = async (id: number): Promise<OwnerCandidates['items']> =>
  (await request<OwnerCandidates>('GET', `/api/topics/${id}/owners`)).items;

export const mergeCandidates = async (id: number, q?: string): Promise<MergeCandidates['items']> =>
  (await request<MergeCandidates>('GET', `/api/topics/${id}/merge-candidates${query({ q })}`)).items;

export const referralTargets = (id: number): Promise<ReferralTargets> =>
  request<ReferralTargets>('GET', `/api/topics/${id}/referral-targets`);

export const startReview = (id: number): Promise<StaffTopic> =>
  request<StaffTopic>('POST', `/api/topics/${id}/review`, {});

export const acceptTopic = (id: number, ownerId: number): Promise<StaffTopic> =>
  request<StaffTopic>('POST', `/api/topics/${id}/accept`, { ownerId });

export const mergeTopic = (id: number, intoTopicId: number): Promise<StaffTopic> =>
  request<StaffTopic>('POST', `/api/topics/${id}/merge`, { intoTopicId });

export const declineTopic = (id: number, reply: string): Promise<StaffTopic> =>
  request<StaffTopic>('POST', `/api/topics/${id}/decline`, { reply });

export const referTopic = (id: number, body: ReferBody): Promise<StaffTopic> =>
  request<StaffTopic>('POST', `/api/topics/${id}/refer`, body);

/** Organisations where the user reviews (admins and reviewers), for the live queue. */
export const reviewOrganisations = (user: SessionUser): number[] => [
  ...new Set(user.memberships.filter((m) => m.role === 'admin' || m.role === 'reviewer').map((m) => m.organisationId)),
];

/**
 * The number of open topics (received or under review) in the user's part of the tree, kept
 * current: read at once, then again (coalesced) whenever a topic arrives or changes anywhere
 * the user reviews, and after every reconnect.
 */
export function watchOpenCount(user: SessionUser, onCount: (count: number) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      openTopicCount().then(
        (n) => !stopped && onCount(n),
        () => undefined,
      );
    }, 300);
  };
  refresh();
  const stop = watchReviewQueue(reviewOrganisations(user), { received: refresh, updated: refresh, joined: refresh });
  return () => {
    stopped = true;
    clearTimeout(timer);
    stop();
  };
}
