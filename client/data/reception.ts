import type {
  CreateStudioBody,
  QueueView,
  RosterCandidates,
  StudioView,
  Ticket,
  VisitBody,
  VisitReferralBody,
  VisitTopicResult,
  VisitView,
} from '../../shared/schemas/reception.js';
import type { ReferralTargets } from '../../shared/schemas/review.js';
import { query, request } from './api.js';

/** Reception days from the staff side: studios, the desk's queue, visit records. */
export const listStudios = async (organisationId: number): Promise<StudioView[]> =>
  (await request<{ items: StudioView[] }>('GET', `/api/organisations/${organisationId}/studios`)).items;

export const getStudio = (id: number): Promise<StudioView> => request<StudioView>('GET', `/api/studios/${id}`);

export const createStudio = (body: CreateStudioBody): Promise<StudioView> =>
  request<StudioView>('POST', '/api/studios', body);

export const updateStudio = (
  id: number,
  body: Partial<Omit<CreateStudioBody, 'organisationId'>>,
): Promise<StudioView> => request<StudioView>('PATCH', `/api/studios/${id}`, body);

export const rosterCandidates = async (organisationId: number): Promise<RosterCandidates['items']> =>
  (await request<RosterCandidates>('GET', `/api/organisations/${organisationId}/representatives`)).items;

/** Today's queue of a studio (by its public code). */
export const deskQueue = (code: string): Promise<QueueView> =>
  request<QueueView>('GET', `/api/studio/${encodeURIComponent(code)}/queue`);

export const callNext = (studioId: number): Promise<QueueView> =>
  request<QueueView>('POST', `/api/studios/${studioId}/queue/next`);

/** A number handed out at the desk to a visitor without a phone. */
export const issueTicket = (studioId: number): Promise<Ticket> =>
  request<Ticket>('POST', `/api/studios/${studioId}/tickets`);

export const listVisits = async (studioId: number, day?: string): Promise<VisitView[]> =>
  (await request<{ items: VisitView[] }>('GET', `/api/studios/${studioId}/visits${query({ day })}`)).items;

export const recordVisit = (studioId: number, body: VisitBody): Promise<VisitView> =>
  request<VisitView>('POST', `/api/studios/${studioId}/visits`, body);

export const visitToTopic = (visitId: number): Promise<VisitTopicResult> =>
  request<VisitTopicResult>('POST', `/api/visits/${visitId}/topic`);

export const visitToReferral = (visitId: number, body: VisitReferralBody): Promise<VisitTopicResult> =>
  request<VisitTopicResult>('POST', `/api/visits/${visitId}/referral`, body);

export const studioReferralTargets = (studioId: number): Promise<ReferralTargets> =>
  request<ReferralTargets>('GET', `/api/studios/${studioId}/referral-targets`);

export const studioQrUrl = (code: string): string => `/api/studio/${encodeURIComponent(code)}/qr.svg`;
