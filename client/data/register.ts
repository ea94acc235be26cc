import type { ColumnMapping } from '../../shared/rules/register-headers.js';
import type { AddMemberBody, BodyDetail, BodyView, CreateBodyBody } from '../../shared/schemas/bodies.js';
import type { LinkView } from '../../shared/schemas/meeting.js';
import type {
  CreatePersonBody,
  HouseholdView,
  ImportPreview,
  PeopleQuery,
  PersonDetail,
  PersonView,
  RegisterSummary,
  StatusChangeBody,
  UpdatePersonBody,
} from '../../shared/schemas/register.js';
import { query, request, requestFile, upload } from './api.js';

/** The village register (issue 13): people, households, import and export. */
export const registerSummary = (villageId: number): Promise<RegisterSummary> =>
  request('GET', `/api/organisations/${villageId}/register`);

export const listPeople = (
  villageId: number,
  q: Partial<PeopleQuery>,
): Promise<{ items: PersonView[]; total: number }> =>
  request('GET', `/api/organisations/${villageId}/register/people${query(q as Record<string, string | number>)}`);

export const getPerson = (id: number): Promise<PersonDetail> => request('GET', `/api/register/people/${id}`);

export const createPerson = (villageId: number, body: CreatePersonBody): Promise<PersonDetail> =>
  request('POST', `/api/organisations/${villageId}/register/people`, body);

export const updatePerson = (id: number, body: UpdatePersonBody): Promise<PersonDetail> =>
  request('PATCH', `/api/register/people/${id}`, body);

export const changeStatus = (id: number, body: StatusChangeBody): Promise<PersonDetail> =>
  request('POST', `/api/register/people/${id}/status`, body);

export const listHouseholds = (
  villageId: number,
  q: { q?: string; gridId?: number; offset?: number; limit?: number },
): Promise<{ items: HouseholdView[]; total: number }> =>
  request('GET', `/api/organisations/${villageId}/register/households${query(q)}`);

/**
 * The import sends the file again with each step (dry run, commit): the server keeps nothing
 * between them, so any instance behind the balancer can answer (server/services/register/import.ts).
 */
function sheetForm(file: File, mapping?: ColumnMapping): FormData {
  const form = new FormData();
  if (mapping) form.set('meta', JSON.stringify({ mapping }));
  form.append('file', file, file.name);
  return form;
}

export const previewImport = (
  villageId: number,
  file: File,
  mapping?: ColumnMapping,
  onProgress?: (fraction: number) => void,
): Promise<ImportPreview> =>
  upload(`/api/organisations/${villageId}/register/import/preview`, sheetForm(file, mapping), { onProgress });

export const commitImport = (
  villageId: number,
  file: File,
  mapping: ColumnMapping,
  onProgress?: (fraction: number) => void,
): Promise<{ counts: ImportPreview['counts'] }> =>
  upload(`/api/organisations/${villageId}/register/import`, sheetForm(file, mapping), { onProgress });

/** Download links (the session cookie authenticates them). */
export const exportUrl = (villageId: number, format: 'xlsx' | 'csv'): string =>
  `/api/organisations/${villageId}/register/export/${format}`;

/** Deliberating bodies and their dated seats. */
export const listBodies = async (villageId: number, on?: string): Promise<BodyView[]> =>
  (await request<{ items: BodyView[] }>('GET', `/api/organisations/${villageId}/bodies${query({ on })}`)).items;

export const getBody = (id: number, on?: string): Promise<BodyDetail> =>
  request('GET', `/api/bodies/${id}${query({ on })}`);

export const createBody = (villageId: number, body: CreateBodyBody): Promise<BodyDetail> =>
  request('POST', `/api/organisations/${villageId}/bodies`, body);

export const addMember = (bodyId: number, body: AddMemberBody): Promise<BodyDetail> =>
  request('POST', `/api/bodies/${bodyId}/members`, body);

export const endMember = (bodyId: number, memberId: number, endsOn: string): Promise<BodyDetail> =>
  request('POST', `/api/bodies/${bodyId}/members/${memberId}/end`, { endsOn });

/** A new A4 sheet of personal passes (参会证) for a body's current seats; the cards printed before stop working. */
export const printPassSheet = (bodyId: number): Promise<Blob> =>
  requestFile('POST', `/api/bodies/${bodyId}/pass-sheet`);

/** A new personal link (and its QR code) for one seat, to send by SMS; that seat's earlier card and link stop working. */
export const issuePassLink = (bodyId: number, memberId: number): Promise<LinkView> =>
  request('POST', `/api/bodies/${bodyId}/members/${memberId}/pass-link`);
