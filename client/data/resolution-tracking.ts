import type { Rating } from '../../shared/rules/resolution.js';
import type { BoardMinutesSummary } from '../../shared/schemas/minutes.js';
import type { BoardView, TrackedResolution } from '../../shared/schemas/resolution.js';
import { request } from './api.js';
import { deviceId } from './device.js';

/**
 * The residents' and the public's side of resolutions: what became of a topic (by its receipt),
 * the rating, and the public board. No socket here: the residents' bundle stays small.
 */
const enc = encodeURIComponent;

export const trackedResolutions = async (receipt: string): Promise<TrackedResolution[]> =>
  (await request<{ items: TrackedResolution[] }>('GET', `/api/track/${enc(receipt)}/resolutions`)).items;

/** The submitter's rating, sent with this phone's id; answers the resolutions as they now stand. */
export const rateResolution = async (
  receipt: string,
  resolutionId: number,
  rating: Rating,
  comment: string,
): Promise<TrackedResolution[]> =>
  (
    await request<{ items: TrackedResolution[] }>('POST', `/api/track/${enc(receipt)}/rating`, {
      resolutionId,
      rating,
      comment,
      deviceId: deviceId(),
    })
  ).items;

export const resolutionPhotoUrl = (resolutionId: number, position: number): string =>
  `/api/board/resolutions/${resolutionId}/photos/${position}`;

/** By the organisation's id, or by its board code (the short public address /b/<code>). */
export const board = (organisationIdOrCode: number | string): Promise<BoardView> =>
  request<BoardView>('GET', `/api/board/${enc(String(organisationIdOrCode))}`);

/** The public board's short address, for links from the residents' pages. */
export const boardPath = (boardCode: string): string => `/b/${enc(boardCode)}`;

/** Published minutes on the board (the minutes feature's public list). */
export const boardMinutes = async (organisationId: number): Promise<BoardMinutesSummary[]> =>
  (await request<{ items: BoardMinutesSummary[] }>('GET', `/api/board/${organisationId}/minutes?limit=20`)).items;
