/**
 * Shrinks a photo in the browser before it travels over a village's weak signal: a 12-megapixel
 * camera picture (4–8 MB) becomes a ~1280 px JPEG of a few hundred KB. Uses <img> + <canvas> +
 * toBlob rather than createImageBitmap, which older in-app browsers (WeChat on old Android, iOS
 * before 15) lack. Browsers apply EXIF orientation when drawing (`image-orientation: from-image`
 * is the default), so the picture stays upright; the server re-encodes it anyway and strips EXIF.
 */
export const MAX_EDGE = 1280;
const QUALITY = 0.8;

export class UnreadablePhotoError extends Error {
  constructor() {
    super('unreadable photo');
    this.name = 'UnreadablePhotoError';
  }
}

function loadImage(file: Blob): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new UnreadablePhotoError());
    };
    img.src = url;
  });
}

/** A JPEG no larger than MAX_EDGE on its long side; throws UnreadablePhotoError for non-images. */
export async function downscale(file: Blob): Promise<Blob> {
  const img = await loadImage(file);
  const w = img.naturalWidth;
  const h = img.naturalHeight;
  if (!w || !h) throw new UnreadablePhotoError();
  const scale = Math.min(1, MAX_EDGE / Math.max(w, h));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new UnreadablePhotoError();
  // White under transparent PNGs: JPEG has no alpha and would turn it black.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new UnreadablePhotoError())), 'image/jpeg', QUALITY),
  );
}

/** A blob as a data URL, for keeping photos in the draft (localStorage holds strings only). */
export function toDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** The reverse of toDataUrl, without fetch() (a data: URL fetch is blocked by connect-src 'self'). */
export function fromDataUrl(url: string): Blob {
  const [head, body = ''] = url.split(',');
  const mime = /data:([^;]+)/.exec(head ?? '')?.[1] ?? 'image/jpeg';
  const bin = atob(body);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}
