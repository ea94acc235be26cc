import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { seedDemoProceduresInFirstVillage } from '../../server/services/demo-procedures.js';
import type { ProcedureDetail, ProcedureList } from '../../shared/schemas/procedure.js';
import { Client } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { villageId } from '../helpers/procedures.js';

/** What `npm start` shows of 四议两公开: the four demo matters, each where the issue asks. */
const srv = await startTestServer({ config: { loginRateLimit: 10_000 } });
test.after(() => srv.close());

test('the demo holds a completed matter, one waiting at 审议, one returned and one flagged for short notice', async () => {
  await seedDemoProceduresInFirstVillage(srv.app.services);
  const admin = await new Client(srv.url).login('admin', srv.password('admin'));
  const list = (await admin.get(`/api/procedures?organisationId=${await villageId(srv)}`)).body as ProcedureList;
  const byTitle = new Map(list.items.map((i) => [i.title, i]));
  assert.equal(
    [...byTitle.values()].map((i) => [i.title, i.state, i.step, i.flags]).sort(),
    [
      ['修订村规民约（红白事简办）', 'open', 'proposal', []],
      ['新建村级文化活动中心', 'open', 'review', []],
      ['村东集体土地流转给果蔬合作社', 'completed', 'done', []],
      ['村道硬化筹资筹劳（一事一议）', 'open', 'resolution_publication', ['short_notice']],
    ].sort(),
  );
  const land = (await admin.get(`/api/procedures/${byTitle.get('村东集体土地流转给果蔬合作社')!.id}`))
    .body as ProcedureDetail;
  assert.equal(
    land.attempts.map((a) => [a.stage, a.state, a.version]),
    [
      ['proposal', 'passed', 1],
      ['consultation', 'passed', 1],
      ['review', 'passed', 2],
      ['resolution', 'passed', 2],
    ],
  );
  assert.equal(
    land.publications.map((p) => p.kind),
    ['resolution', 'result'],
  );
  // Rated through the resolutions feature: the deadline for the result was fixed by the settings of that day.
  assert.is((await srv.db.models.Procedure.findByPk(land.id))!.resultLimitDays, 7);
  const docx = await fetch(`${srv.url}/api/procedures/${land.id}/archive.docx`, {
    headers: { cookie: admin.cookieHeader },
  });
  assert.is(docx.status, 200);
});

test.run();
