import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { redactDeep, redactNames, redactPhones, redactText } from '../../shared/rules/redaction.js';

const P = '[电话]';
const rows: [string, string, string][] = [
  ['a mobile number', '请联系13812345678。', `请联系${P}。`],
  ['a mobile with spaces', '电话 138 1234 5678 找他', `电话 ${P} 找他`],
  ['a mobile with dashes', '138-1234-5678', P],
  ['with +86', '+86 13812345678', P],
  ['with 0086', '008613812345678', P],
  ['full-width digits', '１３８１２３４５６７８', P],
  ['a landline with area code', '村委会 0571-8888 1234', `村委会 ${P}`],
  ['a landline without separators', '057188881234', P],
  ['a 400 number', '客服 400-123-4567', `客服 ${P}`],
  ['two numbers in one line', '13812345678 或 13987654321', `${P} 或 ${P}`],
];
for (const [what, input, expected] of rows)
  test(`phone numbers are removed: ${what}`, () => assert.is(redactPhones(input, P), expected));

const kept: [string, string][] = [
  ['amounts', '拨款 120000 元，共 2072 亩'],
  ['a year and a date', '2026年12月1日'],
  ['a longer digit run (an ID-like number)', '编号 1381234567890'],
  ['an ordinary count after a 1', '第 1 组 39 户'],
];
for (const [what, input] of kept)
  test(`numbers that are not phones stay: ${what}`, () => assert.is(redactPhones(input, P), input));

test('names are replaced everywhere, longest first, and one-character names are ignored', () => {
  assert.is(redactNames('王小明和王小说了', ['王小', '王小明'], '［群众］'), '［群众］和［群众］说了');
  assert.is(redactNames('王说', ['王'], 'X'), '王说');
});

test('text redaction does both', () => {
  assert.is(redactText('孙长福（13812345678）', { names: ['孙长福'], phone: P, name: 'N' }), `N（${P}）`);
});

test('deep redaction walks every string but the kept keys (a hash may hold eleven digits)', () => {
  const doc = {
    type: 'doc',
    attrs: { sha256: 'ab13812345678cd', title: '孙长福反映' },
    content: [{ type: 'text', text: '电话13812345678' }],
  };
  assert.equal(redactDeep(doc, { names: ['孙长福'], phone: P, name: 'N' }, ['type', 'sha256']), {
    type: 'doc',
    attrs: { sha256: 'ab13812345678cd', title: 'N反映' },
    content: [{ type: 'text', text: `电话${P}` }],
  });
});

test.run();
