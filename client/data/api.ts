import { locale, t } from '../i18n/index.js';

export interface FieldError {
  path: string;
  message: string;
}

/** A failed request: the server's stable code, its translated message and any per-field problems. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What to show a person for any failure: the server's message, or a generic one. */
export const errorMessage = (err: unknown): string => (err instanceof ApiError ? err.message : t('error.internal'));

/** Field problems of a failure, if it carried any. */
export const fieldErrors = (err: unknown): FieldError[] => (err instanceof ApiError ? err.fields : []);

let csrfToken: string | null = null;
/** Kept from the latest SessionView; the server wants it echoed on every write. */
export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const unauthenticatedListeners = new Set<() => void>();

/** Called when the server says the session is gone (expired, revoked) in answer to any request. */
export function onUnauthenticated(fn: () => void): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

let inFlight = 0;
const busyListeners = new Set<(busy: boolean) => void>();

/** Whether any request (or tracked load) is under way, for the shell's progress bar and aria-busy. */
export function onBusyChange(fn: (busy: boolean) => void): () => void {
  busyListeners.add(fn);
  return () => busyListeners.delete(fn);
}

/** Counts a promise as work in progress until it settles. */
export async function trackBusy<T>(work: Promise<T>): Promise<T> {
  if (inFlight++ === 0) busyListeners.forEach((fn) => fn(true));
  try {
    return await work;
  } finally {
    // Reported a task later, so whatever the result changes has rendered before "idle" is announced.
    setTimeout(() => {
      if (--inFlight === 0) busyListeners.forEach((fn) => fn(false));
    });
  }
}

function isFieldError(f: unknown): f is FieldError {
  return (
    typeof f === 'object' &&
    f !== null &&
    typeof (f as FieldError).path === 'string' &&
    typeof (f as FieldError).message === 'string'
  );
}

function toApiError(status: number, data: unknown): ApiError {
  const e = (data as { error?: { code?: unknown; message?: unknown; details?: { fields?: unknown } } } | null)?.error;
  const code = typeof e?.code === 'string' ? e.code : status >= 500 ? 'internal' : 'bad_request';
  const message = typeof e?.message === 'string' ? e.message : t(`error.${code}`);
  const fields = Array.isArray(e?.details?.fields) ? e.details.fields.filter(isFieldError) : [];
  return new ApiError(code, message, status, fields);
}

export interface RequestOptions {
  /** Extra headers, e.g. Idempotency-Key on a resident's submission. */
  headers?: Record<string, string>;
  /** Cancels a request whose answer is no longer wanted (a newer search replaced it). */
  signal?: AbortSignal;
}

/** The one place the client calls fetch: JSON both ways, CSRF header on writes, failures as ApiError. */
export function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return trackBusy(send<T>(method, path, body, options));
}

function baseHeaders(method: Method): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': locale() };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

async function send<T>(method: Method, path: string, body: unknown, options: RequestOptions): Promise<T> {
  const headers = { ...baseHeaders(method), ...options.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError('network', t('error.network'), 0);
  }
  if (res.status === 204) return undefined as T;
  // A proxy's HTML error page is not JSON; treat it like an empty body.
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = toApiError(res.status, data);
    if (error.code === 'unauthenticated') unauthenticatedListeners.forEach((fn) => fn());
    throw error;
  }
  return data as T;
}

/**
 * A file the server makes on request (a PDF that issues new passes, so a POST, not a link): the
 * same headers and error mapping as `request`, the body kept as a Blob.
 */
export function requestFile(method: Method, path: string): Promise<Blob> {
  return trackBusy(
    (async () => {
      let res: Response;
      try {
        res = await fetch(path, { method, headers: baseHeaders(method), credentials: 'same-origin' });
      } catch {
        throw new ApiError('network', t('error.network'), 0);
      }
      if (res.ok) return res.blob();
      const error = toApiError(res.status, await res.json().catch(() => null));
      if (error.code === 'unauthenticated') unauthenticatedListeners.forEach((fn) => fn());
      throw error;
    })(),
  );
}

/**
 * POSTs multipart form data with upload progress, which fetch cannot report: photos from a
 * village on a weak signal take long enough that people need to see them going. Same error
 * mapping as `request`; a dropped connection is an ApiError with code 'network'.
 */
export function upload<T>(
  path: string,
  form: FormData,
  options: RequestOptions & { onProgress?: (fraction: number) => void } = {},
): Promise<T> {
  return trackBusy(
    new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      for (const [k, v] of Object.entries({ ...baseHeaders('POST'), ...options.headers })) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) options.onProgress?.(e.loaded / e.total);
      };
      const failed = () => reject(new ApiError('network', t('error.network'), 0));
      xhr.onerror = failed;
      xhr.ontimeout = failed;
      xhr.onabort = failed;
      xhr.onload = () => {
        let data: unknown = null;
        try {
          data = JSON.parse(xhr.responseText);
        } catch {
          // A proxy's HTML error page: treated like an empty body.
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
        else reject(toApiError(xhr.status, data));
      };
      options.signal?.addEventListener('abort', () => xhr.abort());
      xhr.send(form);
    }),
  );
}

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
