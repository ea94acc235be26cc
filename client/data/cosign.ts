import type {
  CosignCandidate,
  CosignCodeResult,
  CosignSummary,
  VerifiedCosignResult,
} from '../../shared/schemas/cosign.js';
import { request } from './api.js';
import { deviceId } from './device.js';

/** Co-signs matched to the register: a code by SMS (residents) or in person (the desk). */
export const requestCosignCode = (topicId: number, phone: string): Promise<CosignCodeResult> =>
  request<CosignCodeResult>('POST', `/api/topics/${topicId}/cosign/code`, { phone, deviceId: deviceId() });

export const verifyCosign = (
  topicId: number,
  phone: string,
  code: string,
  notify: boolean,
): Promise<VerifiedCosignResult> =>
  request<VerifiedCosignResult>('POST', `/api/topics/${topicId}/cosign/verify`, {
    phone,
    code,
    notify,
    deviceId: deviceId(),
  });

export const cosignSummary = (topicId: number): Promise<CosignSummary> =>
  request<CosignSummary>('GET', `/api/topics/${topicId}/cosign/summary`);

export const cosignCandidates = (topicId: number, q: string): Promise<CosignCandidate[]> =>
  request<CosignCandidate[]>('GET', `/api/topics/${topicId}/cosign/candidates?q=${encodeURIComponent(q)}`);

export const deskCosign = (topicId: number, personId: number): Promise<VerifiedCosignResult> =>
  request<VerifiedCosignResult>('POST', `/api/topics/${topicId}/cosign/desk`, { personId });
