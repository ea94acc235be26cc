import type { MeetingStatus } from '../../shared/rules/meeting.js';
import type {
  AgendaCandidates,
  CheckedIn,
  CheckinList,
  CreateMeetingBody,
  LinkView,
  MeetingList,
  MeetingStaff,
  MeetingView,
  UpdateMeetingBody,
} from '../../shared/schemas/meeting.js';
import { query, request } from './api.js';

/** Meetings in the user's part of the tree, newest first. */
export const listMeetings = (q: { status?: MeetingStatus; offset: number; limit: number }): Promise<MeetingList> =>
  request<MeetingList>('GET', `/api/meetings${query(q)}`);

export const getMeeting = (id: number): Promise<MeetingView> => request<MeetingView>('GET', `/api/meetings/${id}`);

export const createMeeting = (body: Partial<CreateMeetingBody>): Promise<MeetingView> =>
  request<MeetingView>('POST', '/api/meetings', body);

export const updateMeeting = (id: number, body: UpdateMeetingBody): Promise<MeetingView> =>
  request<MeetingView>('PATCH', `/api/meetings/${id}`, body);

/** Publish (scheduled), unpublish (draft), open (live) or close. */
export const transitionMeeting = (id: number, to: MeetingStatus): Promise<MeetingView> =>
  request<MeetingView>('POST', `/api/meetings/${id}/transition`, { to });

/** Staff who may convene, take minutes or be invited, for an organisation. */
export const meetingStaff = async (organisationId: number): Promise<MeetingStaff['items']> =>
  (await request<MeetingStaff>('GET', `/api/organisations/${organisationId}/meeting-staff`)).items;

export const agendaCandidates = async (id: number): Promise<AgendaCandidates['items']> =>
  (await request<AgendaCandidates>('GET', `/api/meetings/${id}/candidates`)).items;

export const addAgendaItem = (
  id: number,
  item: { topicId: number } | { title: string; notes: string },
): Promise<MeetingView> => request<MeetingView>('POST', `/api/meetings/${id}/agenda`, item);

export const reorderAgenda = (id: number, itemIds: number[]): Promise<MeetingView> =>
  request<MeetingView>('POST', `/api/meetings/${id}/agenda/order`, { itemIds });

export const removeAgendaItem = (id: number, itemId: number): Promise<MeetingView> =>
  request<MeetingView>('DELETE', `/api/meetings/${id}/agenda/${itemId}`);

export const addInvitee = (
  id: number,
  invitee:
    { userId: number; member: boolean } | { name: string; affiliation: string; category: string; member: boolean },
): Promise<MeetingView> => request<MeetingView>('POST', `/api/meetings/${id}/invitees`, invitee);

export const removeInvitee = (id: number, inviteeId: number): Promise<MeetingView> =>
  request<MeetingView>('DELETE', `/api/meetings/${id}/invitees/${inviteeId}`);

/** Marks someone present or absent by hand. */
export const markAttendance = (id: number, inviteeId: number, present: boolean): Promise<MeetingView> =>
  request<MeetingView>('POST', `/api/meetings/${id}/attendance`, { inviteeId, present });

/** A new personal link for someone following from elsewhere (the previous one stops working). */
export const issueInviteLink = (id: number, inviteeId: number): Promise<LinkView> =>
  request<LinkView>('POST', `/api/meetings/${id}/invitees/${inviteeId}/invite-link`);

export const revokeInviteLink = (id: number, inviteeId: number): Promise<MeetingView> =>
  request<MeetingView>('DELETE', `/api/meetings/${id}/invitees/${inviteeId}/invite-link`);

/** A new projector link (the previous one, and any screen showing it, stops). */
export const issueScreenLink = (id: number): Promise<LinkView> =>
  request<LinkView>('POST', `/api/meetings/${id}/screen-link`);

export const revokeScreenLink = (id: number): Promise<void> =>
  request<void>('DELETE', `/api/meetings/${id}/screen-link`);

/** Who can check in with the projector's current code; refused once the code has expired. */
export const checkinList = (id: number, code: string): Promise<CheckinList> =>
  request<CheckinList>('GET', `/api/meetings/${id}/checkin${query({ code })}`);

export const checkIn = (id: number, code: string, inviteeId: number): Promise<CheckedIn> =>
  request<CheckedIn>('POST', `/api/meetings/${id}/checkin`, { code, inviteeId });

/** The address of a photo of a topic on the agenda; the projector and phones add their token. */
export const agendaPhotoUrl = (id: number, itemId: number, position: number, token?: string): string =>
  `/api/meetings/${id}/agenda/${itemId}/photos/${position}${query({ token })}`;
