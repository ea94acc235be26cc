import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  assemblyDemandNeeds,
  reachesRepresentativeDemand,
  representativeDemandNeeds,
  isAdult,
  MAINLAND_MOBILE,
  normalisePhone,
  reachesAssemblyDemand,
} from '../../shared/rules/cosign.js';
import { loadConfig } from '../../server/config.js';

test('one tenth of the register’s adults, in integers: 86 of 860 reaches it, 85 does not', () => {
  const cases: [verified: number, adults: number, reaches: boolean][] = [
    [86, 860, true],
    [85, 860, false],
    [1, 10, true],
    [0, 10, false],
    [1, 11, false],
    [2, 11, true],
    [3, 30, true],
    [2, 30, false],
    [0, 0, false],
    [5, 0, false],
    [100, -1, false],
  ];
  for (const [verified, adults, reaches] of cases)
    assert.is(reachesAssemblyDemand(verified, adults), reaches, `${verified}/${adults}`);
  assert.equal([860, 861, 11, 10, 0].map(assemblyDemandNeeds), [86, 87, 2, 1, 0]);
});

test('a typed number is normalised from full-width digits, spaces and dashes before it is checked', () => {
  const cases: [typed: string, normalised: string, valid: boolean][] = [
    ['13800001000', '13800001000', true],
    ['１３８００００１０００', '13800001000', true],
    ['138 0000 1000', '13800001000', true],
    ['138-0000-1000', '13800001000', true],
    ['12800001000', '12800001000', false],
    ['1380000100', '1380000100', false],
    ['+8613800001000', '+8613800001000', false],
  ];
  for (const [typed, normalised, valid] of cases) {
    assert.is(normalisePhone(typed), normalised, typed);
    assert.is(MAINLAND_MOBILE.test(normalisePhone(typed)), valid, typed);
  }
});

test('adult by birth year in the year counted, or by the sheet’s flag when the year is unknown', () => {
  const cases: [birthYear: number | null, flag: boolean | null, year: number, adult: boolean][] = [
    [2008, null, 2026, true],
    [2009, null, 2026, false],
    [1950, false, 2026, true],
    [null, true, 2026, true],
    [null, false, 2026, false],
    [null, null, 2026, true],
  ];
  for (const [birthYear, flag, year, adult] of cases)
    assert.is(isAdult(birthYear, flag, year), adult, `${birthYear}/${flag}/${year}`);
});

test('SMS: log by default; a cloud provider names each missing key instead of falling back silently', () => {
  assert.equal(loadConfig({}).sms, { provider: 'log' });
  assert.throws(() => loadConfig({ YISHI_SMS_PROVIDER: 'aliyun' }), /ALIYUN_ACCESS_KEY_ID/);
  assert.throws(
    () =>
      loadConfig({
        YISHI_SMS_PROVIDER: 'tencent',
        TENCENTCLOUD_SECRET_ID: 'id',
        TENCENTCLOUD_SECRET_KEY: 'key',
        YISHI_SMS_SIGN_NAME: '议事',
        YISHI_SMS_TEMPLATE: '123',
      }),
    /YISHI_SMS_TENCENT_APP_ID/,
  );
  const aliyun = loadConfig({
    YISHI_SMS_PROVIDER: 'aliyun',
    ALIYUN_ACCESS_KEY_ID: 'id',
    ALIYUN_ACCESS_KEY_SECRET: 'secret',
    YISHI_SMS_SIGN_NAME: '议事',
    YISHI_SMS_TEMPLATE: 'SMS_1',
  }).sms;
  assert.is(aliyun.provider, 'aliyun');
  assert.is((aliyun as { endpoint: string }).endpoint, 'https://dysmsapi.aliyuncs.com');
  assert.throws(() => loadConfig({ YISHI_SMS_PROVIDER: 'carrier-pigeon' }), /YISHI_SMS_PROVIDER/);
});

test('representatives demand their meeting at one fifth and an assembly at one third, in integers', () => {
  const cases: [signed: number, seated: number, fifth: boolean, third: boolean][] = [
    [1, 10, false, false],
    [2, 10, true, false],
    [3, 10, true, false],
    [4, 10, true, true],
    [7, 35, true, false],
    [12, 35, true, true],
    [11, 35, true, false],
    [0, 0, false, false],
    [3, 0, false, false],
    [1.5, 5, false, false],
  ];
  for (const [signed, seated, fifth, third] of cases) {
    assert.is(
      reachesRepresentativeDemand(signed, seated, 'representatives_meeting'),
      fifth,
      `${signed}/${seated} fifth`,
    );
    assert.is(reachesRepresentativeDemand(signed, seated, 'villagers_assembly'), third, `${signed}/${seated} third`);
  }
  assert.equal(
    [35, 10, 0].map((n) => [
      representativeDemandNeeds(n, 'representatives_meeting'),
      representativeDemandNeeds(n, 'villagers_assembly'),
    ]),
    [
      [7, 12],
      [2, 4],
      [0, 0],
    ],
  );
});

test.run();
