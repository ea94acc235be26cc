import { diffWords } from 'diff';
import type { DiffView } from '../../../shared/schemas/procedure.js';

/** Chinese has no spaces between words: a word segmenter makes edits show as words, not whole sentences. */
const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });

/** A readable diff of two versions of the proposal, word by word. */
export function diffParts(a: string, b: string): DiffView['parts'] {
  return diffWords(a, b, { intlSegmenter: segmenter }).map((c) => ({
    kind: c.added ? 'added' : c.removed ? 'removed' : 'same',
    text: c.value,
  }));
}
