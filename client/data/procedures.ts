import type { Result } from '../../shared/error-codes.js';
import type { MeetingSummary } from '../../shared/schemas/meeting.js';
import type {
  DiffView,
  ProcedureDetail,
  ProcedureList,
  ProcedureStats,
  ProcedureSummary,
  PublicTimelines,
} from '../../shared/schemas/procedure.js';
import type { Stage } from '../../shared/rules/procedure.js';
import { query, request } from './api.js';
import { connection } from './socket.js';

/** 四议两公开: the staff side (matters, their verbs, the township's view) and the board's timelines. */
export const listProcedures = (params: {
  organisationId: number;
  village?: number;
  kind?: string;
  flag?: string;
  state?: string;
  offset?: number;
  limit?: number;
}): Promise<ProcedureList> => request<ProcedureList>('GET', `/api/procedures${query(params)}`);

export const procedureStats = (organisationId: number): Promise<ProcedureStats> =>
  request<ProcedureStats>('GET', `/api/procedures/stats${query({ organisationId })}`);

export const getProcedure = (id: number): Promise<ProcedureDetail> =>
  request<ProcedureDetail>('GET', `/api/procedures/${id}`);

export const openProcedure = (body: {
  organisationId: number;
  kind: string;
  title: string;
  text: string;
}): Promise<ProcedureDetail> => request<ProcedureDetail>('POST', '/api/procedures', body);

export const stageMeetings = async (id: number): Promise<MeetingSummary[]> =>
  (await request<{ items: MeetingSummary[] }>('GET', `/api/procedures/${id}/meetings`)).items;

export const versionDiff = (id: number, from: number, to: number): Promise<DiffView> =>
  request<DiffView>('GET', `/api/procedures/${id}/diff${query({ from, to })}`);

export type ProcedureVerb =
  | { verb: 'versions'; body: { text: string; note: string } }
  | { verb: 'schedule'; body: { stage: Stage; meetingId: number } }
  | { verb: 'return'; body: { to: Stage; reason: string } }
  | { verb: 'end'; body: { reason: string } }
  | { verb: 'publications'; body: { kind: 'resolution' | 'result'; days?: number } };

export const actOnProcedure = (id: number, v: ProcedureVerb): Promise<ProcedureDetail> =>
  request<ProcedureDetail>('POST', `/api/procedures/${id}/${v.verb}`, v.body);

export const answerObjection = (id: number, objectionId: number, answer: string): Promise<ProcedureDetail> =>
  request<ProcedureDetail>('POST', `/api/procedures/${id}/objections/${objectionId}/answer`, { answer });

export const archiveUrl = (id: number, format: 'pdf' | 'docx'): string => `/api/procedures/${id}/archive.${format}`;

export const boardTimelines = async (organisationId: number): Promise<PublicTimelines> =>
  request<PublicTimelines>('GET', `/api/board/${organisationId}/procedures`);

/** Matters under an organisation as they change (a stage decided, a publication, an objection). */
export function watchProcedures(organisationId: number, onUpdated: (p: ProcedureSummary) => void): () => void {
  const s = connection();
  const watch = () =>
    s.emit('procedures:watch', { organisationId }, (_: Result<{ organisationId: number }>) => undefined);
  s.on('connect', watch);
  s.on('procedure:updated', onUpdated);
  if (s.connected) watch();
  return () => {
    s.off('connect', watch);
    s.off('procedure:updated', onUpdated);
  };
}
