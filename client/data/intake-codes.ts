import type { IntakeCodeView } from '../../shared/schemas/intake.js';
import { request } from './api.js';

/** Printed intake codes: list, create, relabel, disable or enable, and where their files are. */
export const listIntakeCodes = async (organisationId: number): Promise<IntakeCodeView[]> =>
  (await request<{ items: IntakeCodeView[] }>('GET', `/api/organisations/${organisationId}/intake-codes`)).items;

export const createIntakeCode = (organisationId: number, label: string): Promise<IntakeCodeView> =>
  request<IntakeCodeView>('POST', `/api/organisations/${organisationId}/intake-codes`, { label });

export const updateIntakeCode = (id: number, body: { label?: string; disabled?: boolean }): Promise<IntakeCodeView> =>
  request<IntakeCodeView>('PATCH', `/api/intake-codes/${id}`, body);

/** The QR as SVG (preview and download), as PNG, and the printable A4 poster (links; cookies authenticate). */
export const intakeCodeFiles = (id: number) => ({
  svg: `/api/intake-codes/${id}/qr.svg`,
  png: `/api/intake-codes/${id}/qr.png`,
  poster: `/api/intake-codes/${id}/poster.pdf`,
});
