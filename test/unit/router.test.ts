import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matchPath, resolve } from '../../client/app/router.js';
import { residentView } from '../../client/resident/routes.js';
import type { SessionUser } from '../../shared/schemas/session.js';

const user = (role: SessionUser['memberships'][number]['role']): SessionUser => ({
  id: 1,
  username: 'u',
  displayName: 'U',
  locale: 'zh-CN',
  memberships: [{ id: 1, organisationId: 3, organisationName: '村', organisationKind: 'village', isDemo: false, role }],
});
const at = (path: string) => new URL(`http://x${path}`);

test('route patterns match one segment per parameter, and nothing else', () => {
  const cases: [string, string, Record<string, string> | null][] = [
    ['/review/:ref', '/review/12', { ref: '12' }],
    ['/review/:ref', '/review', null],
    ['/review/:ref', '/review/12/x', null],
    ['/review/:ref', '/review/', null],
    ['/review', '/review', {}],
    ['/reception/:ref', '/reception/%E5%B7%A5', { ref: '工' }],
  ];
  for (const [pattern, path, want] of cases) assert.equal(matchPath(pattern, path), want, `${pattern} ${path}`);
});

test('a topic’s page opens for reviewers with its id, is forbidden to others and sends strangers to log in', () => {
  const page = resolve(at('/review/7'), user('reviewer'));
  assert.is(page.kind, 'page');
  assert.equal(page.kind === 'page' && page.params, { ref: '7' });
  assert.is(resolve(at('/review/7'), user('department')).kind, 'forbidden');
  assert.equal(resolve(at('/review/7'), null), { kind: 'redirect', to: '/login?next=%2Freview%2F7' });
  assert.is(resolve(at('/reception/2'), user('representative')).kind, 'page');
  assert.is(resolve(at('/intake-codes'), user('representative')).kind, 'forbidden');
});

test('the residents’ addresses map onto their pages; anything else is not found', () => {
  assert.equal(residentView('/p/ABC234'), { page: 'intake', code: 'ABC234' });
  assert.equal(residentView('/p/ABC234/topics'), { page: 'topics', code: 'ABC234' });
  assert.equal(residentView('/t/ABCD2345'), { page: 'track', receipt: 'ABCD2345' });
  assert.equal(residentView('/t/'), { page: 'track', receipt: '' });
  assert.equal(residentView('/o/ABCD2345'), { page: 'objection', receipt: 'ABCD2345' });
  assert.equal(residentView('/o/'), { page: 'objection', receipt: '' });
  assert.equal(residentView('/o'), { page: 'objection', receipt: '' });
  assert.equal(residentView('/o/ABCD2345/x'), { page: 'none' });
  assert.equal(residentView('/s/XYZ234/screen'), { page: 'screen', code: 'XYZ234' });
  assert.equal(residentView('/s/XYZ234'), { page: 'studio', code: 'XYZ234' });
  assert.equal(residentView('/p/<script>'), { page: 'none' });
  assert.equal(residentView('/p/AB'), { page: 'none' });
});

test.run();
