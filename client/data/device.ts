/**
 * What a resident's phone keeps for them: a device id (co-signs and queue numbers count once per
 * device), drafts, receipts and queue tickets. Some in-app browsers block or cap storage, so every
 * access is guarded and failure only means "not remembered", never an error on the page.
 */
const PREFIX = 'yishi.';

export function readStored<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

/** Stores a value; false when the browser refused (quota, private mode). */
export function writeStored(key: string, value: unknown): boolean {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function removeStored(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing stored, nothing to remove.
  }
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random id. crypto.getRandomValues works on plain http too (a village server on its LAN
 * address), unlike crypto.randomUUID, which needs a secure context.
 */
export function randomId(length = 24): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

let memoryDevice: string | null = null;

/** This phone's id, created once. Without storage it lasts for the page's life. */
export function deviceId(): string {
  const stored = readStored<string>('device');
  if (stored && /^[a-z0-9]{16,64}$/.test(stored)) return stored;
  memoryDevice ??= randomId();
  writeStored('device', memoryDevice);
  return memoryDevice;
}
