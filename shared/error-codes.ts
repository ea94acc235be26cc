/**
 * Stable error codes sent in every error body: `{ error: { code, message, details? } }`.
 * Clients branch on the code; the message is for people and comes from the i18n catalogue
 * under the key `error.<code>`, so adding a code here without a message fails the i18n test.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'invalid_credentials',
  'account_locked',
  'account_disabled',
  'internal',
  'unavailable',
  'headers_too_large',
  // Issue 14: a browser handshake from a page not of this service; a socket event nobody handles.
  'origin_forbidden',
  'unknown_event',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  invalid_credentials: 401,
  account_locked: 423,
  account_disabled: 403,
  internal: 500,
  unavailable: 503,
  headers_too_large: 431,
  origin_forbidden: 403,
  unknown_event: 404,
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Socket.IO acknowledgements carry the same error shape as REST. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorBody['error'] };

/** WebSocket close codes shared by the Yjs server and its clients (Hocuspocus-style 44xx). */
export const CLOSE_CODES = {
  unauthorized: { code: 4401, reason: 'Unauthorized' },
  forbidden: { code: 4403, reason: 'Forbidden' },
  notFound: { code: 4404, reason: 'Not Found' },
  readOnly: { code: 4405, reason: 'Read-only connection' },
  /** The minutes were finalised when the meeting closed: reload to see the frozen version. */
  finalised: { code: 4410, reason: 'Finalised' },
  /** An update tried to change or remove a block only the server writes (header, agenda heading, vote result). */
  protectedContent: { code: 4422, reason: 'Protected content' },
  /** 1012 "Service Restart": the server is going down; clients should reconnect shortly. */
  restarting: { code: 1012, reason: 'Server restarting' },
} as const;
