import type {
  CheckinRequestList,
  CheckinRequestView,
  CheckinStatus,
  DeskCheckedIn,
  PassRemote,
  PassView,
} from '../../shared/schemas/checkin.js';
import type { CheckedIn } from '../../shared/schemas/meeting.js';
import { request } from './api.js';
import { readStored, removeStored, writeStored } from './device.js';
import { connection } from './socket.js';

/** Check-in with the projector's code and a personal pass, or a name the desk must confirm. */
export const checkInAs = (
  id: number,
  code: string,
  who: { inviteeId: number } | { pass: string },
): Promise<CheckedIn> => request<CheckedIn>('POST', `/api/meetings/${id}/checkin`, { code, ...who });

/** Whether the desk has decided this phone's request. */
export const checkinStatus = (id: number, requestToken: string): Promise<CheckinStatus> =>
  request<CheckinStatus>('POST', `/api/meetings/${id}/checkin/status`, { requestToken });

export const passView = (token: string): Promise<PassView> =>
  request<PassView>('GET', `/api/passes/${encodeURIComponent(token)}`);

/** Follows a live meeting of the pass's body from elsewhere; the phone then follows with the token returned. */
export const followByPass = (token: string, meetingId: number): Promise<PassRemote> =>
  request<PassRemote>('POST', `/api/passes/${encodeURIComponent(token)}/remote`, { meetingId });

export const deskRequests = async (id: number): Promise<CheckinRequestView[]> =>
  (await request<CheckinRequestList>('GET', `/api/meetings/${id}/checkin-requests`)).items;

export const decideRequest = (id: number, requestId: number, confirm: boolean): Promise<CheckinRequestView> =>
  request<CheckinRequestView>('POST', `/api/meetings/${id}/checkin-requests/${requestId}/decision`, { confirm });

export const deskScanPass = (id: number, pass: string): Promise<DeskCheckedIn> =>
  request<DeskCheckedIn>('POST', `/api/meetings/${id}/desk/pass`, { pass });

/**
 * The desk's live requests, on the console's socket (it joined the meeting, which puts staff in
 * the desk's room). Returns a function that stops listening.
 */
export function followDesk(onChange: (request: CheckinRequestView) => void): () => void {
  const socket = connection();
  socket.on('checkin:requested', onChange);
  socket.on('checkin:decided', onChange);
  return () => {
    socket.off('checkin:requested', onChange);
    socket.off('checkin:decided', onChange);
  };
}

/** Passes kept on this phone (a person may sit in several bodies): whose they are, not the meetings of the day. */
export interface StoredPass extends Omit<PassView, 'meetings'> {
  token: string;
}
const PASSES_KEY = 'yishi.passes';

export const storedPasses = (): StoredPass[] => readStored<StoredPass[]>(PASSES_KEY) ?? [];

export function keepPass(pass: StoredPass): void {
  writeStored(PASSES_KEY, [pass, ...storedPasses().filter((p) => p.token !== pass.token)].slice(0, 5));
}

export function forgetPass(token: string): void {
  const rest = storedPasses().filter((p) => p.token !== token);
  if (rest.length) writeStored(PASSES_KEY, rest);
  else removeStored(PASSES_KEY);
}
