import fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { archivePdf } from '../../server/services/procedures/archive-pdf.js';
import type { ArchiveBundle } from '../../server/services/procedures/archive-bundle.js';

/**
 * The CJK font is parsed once per process and shared by every PDF (services/cjk-font.ts): each
 * document must still carry the Chinese it shows, and only its own glyphs.
 */
const bundle = (title: string, lines: string[]): ArchiveBundle => ({
  title,
  subtitle: '桃园村 · 土地 · 已完成',
  parts: [{ heading: '提议（1）', lines, sha256: 'a'.repeat(64) }],
  sha256: 'b'.repeat(64),
  labels: { hashes: '各部分哈希', whole: '整体哈希', generated: '生成于 2026-12-01' },
});

async function text(data: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false }).promise;
  let out = '';
  for (let i = 1; i <= doc.numPages; i++)
    out += (await (await doc.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
  return out;
}

test('PDFs rendered one after another each show their own Chinese and embed only their own glyphs', async () => {
  const reads: string[] = [];
  const readFileSync = fs.readFileSync;
  fs.readFileSync = ((...args: Parameters<typeof readFileSync>) => {
    if (String(args[0]).endsWith('.ttf')) reads.push(String(args[0]));
    return readFileSync(...args);
  }) as typeof readFileSync;
  try {
    const b = bundle('档案：修建村道', ['筹资筹劳，每户出工两天。']);
    const first = await archivePdf(b);
    // A long document of other characters in between: its glyphs must not stay in the next one.
    const other = await archivePdf(
      bundle(
        '档案：集体资产处置',
        Array.from({ length: 40 }, (_, i) => `第${i}条：鱼塘、果园、厂房、仓库依法评估后公开竞价。`),
      ),
    );
    const again = await archivePdf(b);
    assert.ok((await text(first)).includes('筹资筹劳，每户出工两天。'));
    assert.ok((await text(other)).includes('鱼塘、果园、厂房、仓库依法评估后公开竞价'));
    assert.ok((await text(again)).includes('筹资筹劳，每户出工两天。'));
    assert.ok(other.length > first.length);
    // Same text, same size: the same subset of glyphs, whatever was rendered before.
    assert.is(again.length, first.length);
    assert.ok(reads.length <= 2, `font files read ${reads.length} times`);
  } finally {
    fs.readFileSync = readFileSync;
  }
});

test.run();
