import type { BoardRates, ExportFormat, ExportKind, StatsDashboard } from '../../shared/schemas/stats.js';
import { ApiError, query, request } from './api.js';
import { connection } from './socket.js';

export interface StatsFilter {
  organisationId?: number;
  from?: string;
  to?: string;
  category?: string;
}

export const getStats = (f: StatsFilter): Promise<StatsDashboard> =>
  request<StatsDashboard>('GET', `/api/stats${query({ ...f })}`);

export const getBoardRates = (organisationId: number): Promise<BoardRates> =>
  request<BoardRates>('GET', `/api/board/${organisationId}/rates`);

export const exportUrl = (kind: ExportKind, format: ExportFormat, f: StatsFilter) =>
  `/api/stats/exports/${kind}/${format}${query({ ...f })}`;

export interface ExportProgress {
  /** Rows expected (X-Export-Rows), rows seen so far (CSV lines) and bytes received. */
  total: number;
  rows: number;
  bytes: number;
}

/**
 * Downloads an export while reporting progress, then hands the file to the browser's download.
 * The server streams; the browser keeps the chunks (a Blob) only because it must save a file.
 */
export async function downloadExport(
  kind: ExportKind,
  format: ExportFormat,
  f: StatsFilter,
  onProgress: (p: ExportProgress) => void,
): Promise<{ rows: number; filename: string }> {
  const res = await fetch(exportUrl(kind, format, f), { credentials: 'same-origin' });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(body?.error?.code ?? 'internal', body?.error?.message ?? '', res.status);
  }
  const total = Number(res.headers.get('x-export-rows') ?? 0);
  const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${kind}.${format}`;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    if (format === 'csv') for (const b of value) if (b === 10) lines++;
    // XLSX is zipped: rows cannot be counted on the way, so estimate from the bytes.
    const rows = format === 'csv' ? Math.max(0, lines - 1) : Math.min(total, Math.round(bytes / 60));
    onProgress({ total, rows, bytes });
  }
  const blob = new Blob(chunks as BlobPart[], {
    type: res.headers.get('content-type') ?? 'application/octet-stream',
  });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.dataset.test = 'stats-export-link';
  document.body.append(a);
  a.click();
  setTimeout(() => (URL.revokeObjectURL(a.href), a.remove()), 1000);
  onProgress({ total, rows: total, bytes });
  return { rows: total, filename };
}

/**
 * Follows changes under an organisation (topics arriving, items closing) for the big screen;
 * calls `onChange` at most about once a second. Returns a stop function.
 */
export function watchStats(organisationId: number, onChange: () => void): () => void {
  const socket = connection();
  const join = () => socket.emit('stats:watch', { organisationId }, () => undefined);
  join();
  socket.on('connect', join);
  const handler = (e: { organisationId: number }) => {
    if (e.organisationId === organisationId) onChange();
  };
  socket.on('stats:changed', handler);
  return () => {
    socket.off('connect', join);
    socket.off('stats:changed', handler);
  };
}
