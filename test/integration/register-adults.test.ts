import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countsAsVillager, isAdultOn, PERSON_STATUSES } from '../../shared/rules/register.js';
import { registerAdults } from '../../server/services/cosigns/register-adults.js';
import { adultVillagerWhere } from '../../server/services/register/present.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// The register's adults are counted in SQL (the demand threshold, the bodies' composition, the
// register page) and in TypeScript (the entitled roll). A person the two disagree on would make
// the assembly's quorum and the one-tenth demand read different villages, so this holds the SQL
// to the pure rule over every combination of birth year, flag and status, on both databases.

let server: TestServer;
test.before(async () => {
  server = await startTestServer();
});
test.after(async () => server.close());

test('the SQL count of adult villagers is the pure rule applied to every row', async () => {
  const { Organisation, Person } = server.db.models;
  // A demo village without a register of its own (桃园村 has the demo register).
  const villages = await Organisation.findAll({ where: { kind: 'village' }, order: [['id', 'DESC']] });
  const counts = await Promise.all(villages.map((v) => Person.count({ where: { organisationId: v.id } })));
  const village = villages[counts.indexOf(0)];
  assert.ok(village, 'a demo village with an empty register');
  const years = [null, 2008, 2009, 1950];
  const flags = [null, true, false];
  const rows = [];
  let n = 0;
  for (const birthYear of years)
    for (const adult of flags)
      for (const status of PERSON_STATUSES)
        rows.push({
          organisationId: village.id,
          householdId: null,
          gridId: null,
          externalKey: `adults-${n}`,
          name: `测试${n++}`,
          gender: 'unknown' as const,
          birthYear,
          adult,
          idSuffix: null,
          phone: null,
          relation: null,
          status,
          statusSince: '2020-01-01',
        });
  await Person.bulkCreate(rows);
  for (const day of ['2025-12-31', '2026-01-01', '2026-12-31']) {
    const expected = rows.filter((r) => countsAsVillager(r.status) && isAdultOn(r.birthYear, r.adult, day));
    const counted = await Person.findAll({ where: adultVillagerWhere(village.id, day) });
    assert.equal(
      counted.map((p) => p.externalKey).sort(),
      expected.map((r) => r.externalKey).sort(),
      `adults on ${day}`,
    );
  }
  // The demand threshold reads the same clause for the year's last day.
  const inYear = rows.filter((r) => countsAsVillager(r.status) && isAdultOn(r.birthYear, r.adult, '2026-12-31'));
  assert.is(await registerAdults(server.db, village.id, 2026), inYear.length);
  // Unknown year and no flag counts: the larger denominator never makes a legal bar easier to reach.
  assert.ok(inYear.some((r) => r.birthYear === null && r.adult === null));
});

test.run();
