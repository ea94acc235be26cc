import fs from 'node:fs';
import { createRequire } from 'node:module';
import { create, type Font } from 'fontkit';

const require = createRequire(import.meta.url);
/**
 * Noto Sans SC from an npm package, so PDFs render Chinese on any machine; pdfkit embeds only the
 * glyphs a document uses (a few KB), not the 10 MB font.
 */
export const CJK_REGULAR = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
export const CJK_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

let fonts: { regular: Font; bold: Font } | null = null;

function load(file: string): Font {
  const font = create(fs.readFileSync(file));
  if (!('layout' in font)) throw new Error(`${file}: a font collection, not a font`);
  return font;
}

/**
 * Registers Noto Sans SC as `cjk` and `cjk-bold`, parsed once per process. Given a path, pdfkit
 * reads and parses both 10 MB files for every document (about 20 MB of garbage and most of the
 * time of a short PDF); a parsed font object it takes as is (pdfkit ≥ 0.16) and keeps each
 * document's subset of glyphs on its own, so one object serves every document, one after another.
 */
export function registerCjkFonts(doc: PDFKit.PDFDocument): void {
  fonts ??= { regular: load(CJK_REGULAR), bold: load(CJK_BOLD) };
  // @types/pdfkit does not list a fontkit Font among the sources pdfkit accepts.
  doc.registerFont('cjk', fonts.regular as unknown as Buffer);
  doc.registerFont('cjk-bold', fonts.bold as unknown as Buffer);
}
