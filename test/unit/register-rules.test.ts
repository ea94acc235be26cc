import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  birthYearFromId,
  chinaDate,
  countsAsVillager,
  externalKey,
  idSuffix,
  isAdultOn,
  isCalendarDay,
  normaliseMobile,
  parseBirthYear,
  parseGender,
  parseStatus,
  parseYesNo,
  representativesWarnings,
  toHalfWidth,
} from '../../shared/rules/register.js';
import { fieldForHeader, suggestMapping } from '../../shared/rules/register-headers.js';

test('an adult is counted from 1 January of the year they turn 18, or by the flag when the year is unknown', () => {
  const cases: [number | null, boolean | null, string, boolean][] = [
    [2008, null, '2026-01-01', true],
    [2008, null, '2025-12-31', false],
    [2009, true, '2026-06-01', false],
    [1950, false, '2026-06-01', true],
    [null, true, '2026-06-01', true],
    [null, false, '2026-06-01', false],
    [null, null, '2026-06-01', true],
  ];
  for (const [year, flag, day, expected] of cases)
    assert.is(isAdultOn(year, flag, day), expected, `${year} ${flag} ${day}`);
});

test('residents and those working away count as villagers; moved out and deceased do not', () => {
  assert.equal((['resident', 'away', 'moved_out', 'deceased'] as const).map(countsAsVillager), [
    true,
    true,
    false,
    false,
  ]);
});

test('the representatives’ meeting warns below four fifths representatives and below one third women, exactly', () => {
  const cases: [number, number, number, string[]][] = [
    [45, 36, 15, []],
    [45, 35, 15, ['representatives_below_four_fifths']],
    [45, 36, 14, ['women_below_one_third']],
    [40, 32, 14, []],
    [40, 31, 13, ['representatives_below_four_fifths', 'women_below_one_third']],
    [5, 4, 2, []],
    [0, 0, 0, []],
  ];
  for (const [members, representatives, women, expected] of cases)
    assert.equal(
      representativesWarnings({ members, representatives, women }),
      expected,
      `${members}/${representatives}/${women}`,
    );
});

test('full-width digits and letters become ASCII', () => {
  assert.is(toHalfWidth('１３８ ００１３　８０００'), '138 0013 8000');
  assert.is(toHalfWidth('ＡＢｃ－１'), 'ABc-1');
});

test('mainland mobiles are read through spaces, dashes, prefixes and full-width digits; others are refused', () => {
  const cases: [string, string | null][] = [
    ['13800138000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['12800138000', null],
    ['1380013800', null],
    ['0571-88888888', null],
    ['abc', null],
  ];
  for (const [raw, expected] of cases) assert.is(normaliseMobile(raw), expected, raw);
});

test('only the last four characters of an ID number are ever kept', () => {
  assert.is(idSuffix('11010119650312123X'), '123X');
  assert.is(idSuffix('１１０１０１１９６５０３１２１２３ｘ'), '123X');
  assert.is(idSuffix('12'), null);
  assert.is(birthYearFromId('110101196503121234', '2026-12-06'), 1965);
  assert.is(birthYearFromId('110101296503121234', '2026-12-06'), null);
  assert.is(birthYearFromId('1101011965', '2026-12-06'), null);
});

test('years of birth are read from the ways sheets write them', () => {
  const cases: [string, number | null | undefined][] = [
    ['1965', 1965],
    ['1965-03', 1965],
    ['1965.3', 1965],
    ['1965年3月', 1965],
    ['19650312', 1965],
    ['１９６５年', 1965],
    ['1965-03-12', 1965],
    ['', null],
    ['六五年', undefined],
    ['2099', undefined],
    ['1850', undefined],
  ];
  for (const [raw, expected] of cases) assert.is(parseBirthYear(raw, '2026-12-06'), expected, raw);
});

test('gender, status and yes/no cells are read as villages write them', () => {
  assert.is(parseGender('女'), 'female');
  assert.is(parseGender(' 男 '), 'male');
  assert.is(parseGender(''), 'unknown');
  assert.is(parseGender('未知'), undefined);
  assert.is(parseStatus('外出务工'), 'away');
  assert.is(parseStatus('已故'), 'deceased');
  assert.is(parseStatus(''), 'resident');
  assert.is(parseStatus('失联'), undefined);
  assert.is(parseYesNo('是'), true);
  assert.is(parseYesNo('中共预备党员'), true);
  assert.is(parseYesNo('群众'), false);
  assert.is(parseYesNo(''), null);
  assert.is(parseYesNo('也许'), undefined);
});

test('the stable key prefers the sheet’s own key, otherwise household, name and ID suffix', () => {
  assert.is(externalKey({ key: ' Ｐ００１ ', name: '张三' }), 'P001');
  assert.is(externalKey({ household: '０１２', name: '张三', idSuffix: '123X' }), '012/张三/123X');
  assert.is(externalKey({ household: null, name: '张三' }), '/张三/');
  const long = externalKey({ household: 'x'.repeat(32), name: '名'.repeat(40), idSuffix: '1234' });
  assert.ok(long.length <= 64);
  assert.is.not(long, externalKey({ household: 'x'.repeat(32), name: '名'.repeat(40), idSuffix: '1235' }));
});

test('Chinese register headers map to fields; 序号 is never taken for a key', () => {
  const cases: [string, string | null][] = [
    ['姓名', 'name'],
    ['户主姓名', 'head'],
    ['与户主关系', 'relation'],
    ['出生年月', 'birth'],
    ['联系电话（手机）', 'phone'],
    ['联系方式/手机', 'phone'],
    ['身份证号码', 'idNumber'],
    ['所属网格', 'grid'],
    ['政治面貌', 'party'],
    ['是否村民代表', 'representative'],
    ['序号', null],
    ['备注', null],
  ];
  for (const [header, field] of cases) assert.is(fieldForHeader(header), field, header);
  assert.equal(suggestMapping(['序号', '姓名', '性别', '姓名']), { name: 1, gender: 2 });
});

test('dates: China’s calendar day of an instant, and real calendar days only', () => {
  assert.is(chinaDate(new Date('2026-12-06T16:30:00Z')), '2026-12-07');
  assert.ok(isCalendarDay('2024-02-29'));
  assert.not.ok(isCalendarDay('2026-02-29'));
  assert.not.ok(isCalendarDay('2026-2-1'));
});

test.run();
