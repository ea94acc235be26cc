import { AppError } from '../errors.js';

export interface ProcessedPhoto {
  data: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
}

/**
 * sharp, loaded with the first photo rather than at start (libvips is some 25 MB of resident
 * memory), with libvips' operation cache off: every photo is processed once, so the cache
 * (up to 50 MB by default) would only hold memory a meeting-day server needs for its sockets.
 */
export async function loadSharp() {
  const { default: sharp } = await import('sharp');
  sharp.cache(false);
  return sharp;
}

const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'heif', 'gif']);
const MAX_EDGE = 1600;

/**
 * Checks a photo by its content (not its name or declared type), turns it upright, bounds its
 * size, and re-encodes it as JPEG. Re-encoding writes no metadata, so EXIF — including the GPS
 * position an old Android phone puts in every picture — never reaches the database.
 */
export async function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  const sharp = await loadSharp();
  let format: string | undefined;
  try {
    const meta = await sharp(input, { failOn: 'error', limitInputPixels: 50_000_000 }).metadata();
    format = meta.format;
  } catch {
    throw new AppError('unsupported_media_type', 'intake.error.photo_type');
  }
  if (!format || !ACCEPTED.has(format)) throw new AppError('unsupported_media_type', 'intake.error.photo_type');
  const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: 50_000_000 })
    .rotate()
    .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80, mozjpeg: true })
    .toBuffer({ resolveWithObject: true });
  return { data, mime: 'image/jpeg', width: info.width, height: info.height };
}
