import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blocksOf, canonicalJSON, hashedContent, type MinutesNode } from '../../shared/minutes/content.js';
import { formatMeetingTime } from '../../shared/minutes/format.js';
import { isProtected, minutesSchema } from '../../shared/minutes/schema.js';

test('canonical JSON sorts keys at every depth and drops undefined, so equal content gives equal bytes', () => {
  assert.is(
    canonicalJSON({ b: 1, a: { d: [1, { z: 'x', y: null }], c: undefined } }),
    '{"a":{"d":[1,{"y":null,"z":"x"}]},"b":1}',
  );
  assert.is(canonicalJSON({ a: 1, b: 2 }), canonicalJSON({ b: 2, a: 1 }));
  assert.is(canonicalJSON('引号"'), '"引号\\""');
});

test('the hashed content leaves out the footer that carries the hash', () => {
  const doc: MinutesNode = {
    type: 'doc',
    content: [{ type: 'paragraph' }, { type: 'minutes_footer', attrs: { sha256: 'x' } }],
  };
  assert.equal(hashedContent(doc), { type: 'doc', content: [{ type: 'paragraph' }] });
});

test('blocks flatten the document: numbered agenda items, nested lists with depth and number, quotes, votes', () => {
  const text = (t: string): MinutesNode => ({ type: 'text', text: t });
  const li = (t: string, ...more: MinutesNode[]): MinutesNode => ({
    type: 'list_item',
    content: [{ type: 'paragraph', content: [text(t)] }, ...more],
  });
  const doc: MinutesNode = {
    type: 'doc',
    content: [
      { type: 'item_heading', attrs: { itemId: 5, title: '甲' } },
      { type: 'ordered_list', content: [li('一'), li('二', { type: 'bullet_list', content: [li('二-1')] })] },
      {
        type: 'blockquote',
        content: [{ type: 'paragraph', content: [text('引'), { ...text('粗'), marks: [{ type: 'strong' }] }] }],
      },
      { type: 'item_heading', attrs: { itemId: 6, title: '乙' } },
      { type: 'vote_result', attrs: { itemId: 6, title: '表决', lines: ['通过'] } },
    ],
  };
  const blocks = blocksOf(doc);
  assert.equal(
    blocks.map((b) => b.kind),
    ['item', 'list_item', 'list_item', 'list_item', 'paragraph', 'item', 'vote'],
  );
  assert.equal(blocks[0], { kind: 'item', title: '甲', number: 1 });
  assert.equal(blocks[2], {
    kind: 'list_item',
    runs: [{ text: '二', bold: false }],
    depth: 1,
    ordered: true,
    number: 2,
    quote: 0,
  });
  assert.equal(blocks[3], {
    kind: 'list_item',
    runs: [{ text: '二-1', bold: false }],
    depth: 2,
    ordered: false,
    number: 1,
    quote: 0,
  });
  assert.equal(blocks[4], {
    kind: 'paragraph',
    runs: [
      { text: '引', bold: false },
      { text: '粗', bold: true },
    ],
    quote: 1,
  });
  assert.equal(blocks[5], { kind: 'item', title: '乙', number: 2 });
});

test('meeting times are China Standard Time, written with digits', () => {
  assert.is(formatMeetingTime('2026-12-01T01:00:00Z', '2026-12-01T03:30:00Z'), '2026-12-01 09:00–11:30');
  assert.is(formatMeetingTime('2026-12-01T15:00:00Z', '2026-12-01T17:00:00Z'), '2026-12-01 23:00 – 2026-12-02 01:00');
});

test('the schema keeps protected blocks out of quotes and lists and gives every attribute a default', () => {
  const schema = minutesSchema((k) => k);
  const vote = schema.nodes.vote_result!.create();
  assert.equal({ ...vote.attrs }, { itemId: 0, title: '', lines: [] });
  assert.ok(isProtected('vote_result') && !isProtected('paragraph'));
  assert.not.ok(schema.nodes.blockquote!.contentMatch.matchType(schema.nodes.vote_result!));
  assert.ok(schema.topNodeType.contentMatch.matchType(schema.nodes.vote_result!));
  const header = schema.nodes.minutes_header!.create();
  assert.is(header.attrs.expected, 0);
});

test.run();
