import { randomId, readStored, removeStored, writeStored } from './device.js';

/**
 * A resident's unfinished topic, kept on the phone as they type so that a dropped connection, a
 * closed tab or a phone call never costs them what they wrote. `idempotencyKey` is fixed when
 * they first press submit and kept until the server answers, so a retry — even after a reload —
 * can only ever produce the one topic.
 */
export interface Draft {
  title: string;
  details: string;
  category: string;
  location: string;
  gridId: number | null;
  name: string;
  phone: string;
  anonymous: boolean;
  /** Downscaled photos as data URLs; left out when the browser's storage cannot hold them. */
  photos: string[];
  idempotencyKey: string | null;
}

export const emptyDraft = (): Draft => ({
  title: '',
  details: '',
  category: '',
  location: '',
  gridId: null,
  name: '',
  phone: '',
  anonymous: false,
  photos: [],
  idempotencyKey: null,
});

const draftKey = (code: string) => `draft.${code.toUpperCase()}`;
const photosKey = (code: string) => `draft-photos.${code.toUpperCase()}`;

export function loadDraft(code: string): Draft | null {
  const stored = readStored<Partial<Draft>>(draftKey(code));
  if (!stored || typeof stored !== 'object') return null;
  const photos = readStored<string[]>(photosKey(code));
  return {
    ...emptyDraft(),
    ...stored,
    photos: Array.isArray(photos) ? photos.filter((p) => typeof p === 'string') : [],
  };
}

/**
 * Saves the text at once; photos are stored separately because they are large and may not fit
 * (then only the text survives a reload, and the page says so).
 */
export function saveDraft(code: string, draft: Draft): { photosKept: boolean } {
  const { photos, ...text } = draft;
  writeStored(draftKey(code), text);
  if (!photos.length) {
    removeStored(photosKey(code));
    return { photosKept: true };
  }
  const photosKept = writeStored(photosKey(code), photos);
  if (!photosKept) removeStored(photosKey(code));
  return { photosKept };
}

export function clearDraft(code: string): void {
  removeStored(draftKey(code));
  removeStored(photosKey(code));
}

export const newIdempotencyKey = (): string => `web-${randomId(32)}`;

/** Receipts this phone submitted, newest first, so the resident can find their topics again. */
export interface KeptReceipt {
  receipt: string;
  title: string;
  at: string;
}

export const keptReceipts = (): KeptReceipt[] => {
  const list = readStored<KeptReceipt[]>('receipts');
  return Array.isArray(list) ? list.filter((r) => r && typeof r.receipt === 'string').slice(0, 20) : [];
};

export function keepReceipt(entry: KeptReceipt): void {
  writeStored('receipts', [entry, ...keptReceipts().filter((r) => r.receipt !== entry.receipt)].slice(0, 20));
}
