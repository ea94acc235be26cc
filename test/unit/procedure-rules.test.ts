import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ALWAYS,
  displayDaysProblem,
  flagDeadlines,
  flagSchedule,
  procedureFlags,
  scheduleProblem,
  staticFlags,
  type AttemptState,
  type ProcedureFacts,
  type Stage,
  type StageFacts,
} from '../../shared/rules/procedure.js';
import { PRESETS, type Body } from '../../shared/rules/quorum.js';

const day = (n: number, h = 9) => new Date(Date.UTC(2026, 10, n, h - 8));

const stage = (
  s: Stage,
  body: Body,
  decidedOn: number | null,
  state: AttemptState = 'passed',
  more: Partial<StageFacts> = {},
): StageFacts => ({
  stage: s,
  state,
  body,
  meetingStartsAt: day(decidedOn ?? 1),
  meetingPublishedAt: day((decidedOn ?? 1) - 3),
  decidedAt: decidedOn === null ? null : day(decidedOn, 11),
  quorumMet: true,
  quorumRequired: 4,
  ...more,
});

const clean = (): ProcedureFacts => ({
  stages: [
    stage('proposal', 'party_branch', 1),
    stage('consultation', 'two_committees', 3),
    stage('review', 'party_assembly', 5),
    stage('resolution', 'representatives_meeting', 8),
  ],
  publications: [{ kind: 'resolution', startsAt: day(8, 12), endsAt: day(15, 12), days: 7, withdrawnAt: null }],
  objections: [],
  resultRatedAt: null,
  minDisplayDays: 5,
  resultPublishLimitDays: 7,
});

test('a matter carried through the four stages in order by the right bodies raises no flag', () => {
  assert.equal(procedureFlags(clean(), day(30)), []);
});

test('flags: each irregularity the township looks for, from the facts alone', () => {
  const cases: [string, (f: ProcedureFacts) => ProcedureFacts, string[]][] = [
    [
      '审议 passed with no 商议 at all',
      (f) => ({ ...f, stages: f.stages.filter((s) => s.stage !== 'consultation') }),
      ['stage_skipped'],
    ],
    [
      '商议 passed only after 审议 had passed',
      (f) => ({
        ...f,
        stages: f.stages.map((s) => (s.stage === 'consultation' ? { ...s, decidedAt: day(6, 11) } : s)),
      }),
      ['stage_reordered'],
    ],
    [
      '审议 decided by the two committees instead of the party assembly',
      (f) => ({
        ...f,
        stages: f.stages.map((s) => (s.stage === 'review' ? { ...s, body: 'two_committees' as Body } : s)),
      }),
      ['wrong_body'],
    ],
    [
      '决议 by a villagers’ assembly noticed 7 days ahead',
      (f) => ({
        ...f,
        stages: f.stages.map((s) =>
          s.stage === 'resolution'
            ? { ...s, body: 'villagers_assembly' as Body, meetingPublishedAt: day(1), meetingStartsAt: day(8) }
            : s,
        ),
      }),
      ['short_notice'],
    ],
    [
      '决议 by a villagers’ assembly noticed 10 days ahead',
      (f) => ({
        ...f,
        stages: f.stages.map((s) =>
          s.stage === 'resolution'
            ? { ...s, body: 'villagers_assembly' as Body, meetingPublishedAt: day(1), meetingStartsAt: day(11) }
            : s,
        ),
      }),
      [],
    ],
    [
      '商议 failed for want of a quorum (then passed at a second meeting)',
      (f) => ({
        ...f,
        stages: [stage('consultation', 'two_committees', 2, 'returned', { quorumMet: false }), ...f.stages],
      }),
      ['no_quorum'],
    ],
    [
      '审议 decided under a rule with no quorum',
      (f) => ({ ...f, stages: f.stages.map((s) => (s.stage === 'review' ? { ...s, quorumRequired: null } : s)) }),
      ['no_quorum'],
    ],
    [
      'a stage still on an agenda counts for nothing yet',
      (f) => ({
        ...f,
        stages: [
          ...f.stages.slice(0, 3),
          stage('resolution', 'representatives_meeting', null, 'scheduled', { quorumMet: null }),
        ],
      }),
      [],
    ],
    [
      'a resolution displayed for 3 days where the minimum is 5',
      (f) => ({ ...f, publications: [{ ...f.publications[0]!, days: 3, endsAt: day(11, 12) }] }),
      ['publication_short'],
    ],
    [
      'a resolution displayed for 5 days when the minimum was 5, the minimum raised to 7 since',
      (f) => ({ ...f, minDisplayDays: 7, publications: [{ ...f.publications[0]!, days: 5, minDays: 5 }] }),
      [],
    ],
    [
      'a resolution displayed for 5 days under a minimum of 7 kept with it',
      (f) => ({ ...f, minDisplayDays: 5, publications: [{ ...f.publications[0]!, days: 5, minDays: 7 }] }),
      ['publication_short'],
    ],
    [
      'a resolution taken down before its period ended',
      (f) => ({ ...f, publications: [{ ...f.publications[0]!, withdrawnAt: day(10) }] }),
      ['publication_short'],
    ],
    [
      'an objection still unanswered after the period ended',
      (f) => ({ ...f, objections: [{ publicationEndsAt: day(15, 12), answeredAt: null }] }),
      ['objection_unanswered'],
    ],
    [
      'an answered objection',
      (f) => ({ ...f, objections: [{ publicationEndsAt: day(15, 12), answeredAt: day(12) }] }),
      [],
    ],
    [
      'a result rated on the 20th and still unpublished on the 30th (limit 7 days)',
      (f) => ({ ...f, resultRatedAt: day(20) }),
      ['result_late'],
    ],
    [
      'a result rated on the 20th and published on the 22nd',
      (f) => ({
        ...f,
        resultRatedAt: day(20),
        publications: [
          ...f.publications,
          { kind: 'result', startsAt: day(22), endsAt: day(29), days: 7, withdrawnAt: null },
        ],
      }),
      [],
    ],
    [
      'a result rated on the 1st and published on the 20th',
      (f) => ({
        ...f,
        resultRatedAt: day(1),
        publications: [
          ...f.publications,
          { kind: 'result', startsAt: day(20), endsAt: day(27), days: 7, withdrawnAt: null },
        ],
      }),
      ['result_late'],
    ],
  ];
  for (const [name, change, flags] of cases) assert.equal(procedureFlags(change(clean()), day(30)), flags, name);
});

test('time-driven flags wait for their deadline, and are not stored with the static ones', () => {
  const f = { ...clean(), objections: [{ publicationEndsAt: day(15, 12), answeredAt: null }], resultRatedAt: day(20) };
  assert.equal(procedureFlags(f, day(14)), []);
  assert.equal(procedureFlags(f, day(16)), ['objection_unanswered']);
  assert.equal(procedureFlags(f, day(28)), ['objection_unanswered', 'result_late']);
  assert.equal(staticFlags(f), []);
  assert.equal(flagDeadlines(f), { objectionDueAt: day(15, 12), resultDueAt: day(27) });
});

test('the stored schedule of flags gives, at any moment, exactly the flags the rule gives', () => {
  const late = {
    ...clean(),
    publications: [
      ...clean().publications,
      { kind: 'result' as const, startsAt: day(29), endsAt: day(30, 12), days: 1, withdrawnAt: null },
    ],
    resultRatedAt: day(20),
  };
  const cases: [string, ProcedureFacts][] = [
    ['clean', clean()],
    [
      'objection and a rated, unpublished result',
      { ...clean(), objections: [{ publicationEndsAt: day(15, 12), answeredAt: null }], resultRatedAt: day(20) },
    ],
    [
      'two open objections: the earlier period decides',
      {
        ...clean(),
        objections: [
          { publicationEndsAt: day(18), answeredAt: null },
          { publicationEndsAt: day(15, 12), answeredAt: null },
        ],
      },
    ],
    ['a result published late (static) and a short period', late],
    [
      'skipped, no quorum, and an objection',
      {
        ...clean(),
        stages: clean()
          .stages.filter((x) => x.stage !== 'review')
          .map((x) => ({ ...x, quorumMet: false })),
        objections: [{ publicationEndsAt: day(15, 12), answeredAt: null }],
      },
    ],
  ];
  for (const [name, f] of cases) {
    const schedule = flagSchedule(staticFlags(f), flagDeadlines(f));
    assert.equal(new Set(schedule.map((x) => x.flag)).size, schedule.length, `${name}: one entry per flag`);
    for (const f2 of staticFlags(f)) assert.equal(schedule.find((x) => x.flag === f2)?.from, ALWAYS, `${name}: ${f2}`);
    for (const n of [1, 14, 15, 16, 20, 27, 28, 40])
      for (const h of [0, 12, 20]) {
        const now = day(n, h);
        const applying = schedule.filter((x) => x.from.getTime() <= now.getTime()).map((x) => x.flag);
        assert.equal(applying, procedureFlags(f, now), `${name} at day ${n} ${h}h`);
      }
  }
});

test('a stage goes on an agenda only after the one before it passed, and only before the right body', () => {
  const open = { state: 'open' as const, step: 'consultation' as const };
  const passed = [{ stage: 'proposal' as const, state: 'passed' as const }];
  const cases: [string, Parameters<typeof scheduleProblem>, string | null][] = [
    ['商议 after 提议 passed, at the two committees', [open, passed, 'consultation', 'two_committees'], null],
    ['审议 before 商议 passed', [open, passed, 'review', 'party_assembly'], 'procedure.error.order'],
    ['商议 before 提议 passed', [open, [], 'consultation', 'two_committees'], 'procedure.error.order'],
    ['商议 at the party assembly', [open, passed, 'consultation', 'party_assembly'], 'procedure.error.body'],
    [
      '商议 twice at once',
      [open, [...passed, { stage: 'consultation', state: 'scheduled' }], 'consultation', 'two_committees'],
      'procedure.error.already_scheduled',
    ],
    [
      'a matter that ended',
      [{ state: 'ended', step: 'ended' }, passed, 'consultation', 'two_committees'],
      'procedure.error.not_open',
    ],
    [
      '商议 again before the convener returned the failed one',
      [open, [...passed, { stage: 'consultation', state: 'failed' }], 'consultation', 'two_committees'],
      'procedure.error.awaiting_return',
    ],
    ['提议 by the party branch', [{ state: 'open', step: 'proposal' }, [], 'proposal', 'party_branch'], null],
    [
      '决议 by the villagers’ assembly',
      [
        { state: 'open', step: 'resolution' },
        [{ stage: 'review', state: 'passed' }],
        'resolution',
        'villagers_assembly',
      ],
      null,
    ],
  ];
  for (const [name, args, want] of cases) assert.is(scheduleProblem(...args), want, name);
});

test('the display period is never below the organisation’s minimum', () => {
  const cases: [number, number, boolean][] = [
    [7, 5, true],
    [5, 5, true],
    [4, 5, false],
    [0, 0, false],
    [91, 5, false],
    [6.5, 5, false],
  ];
  for (const [days, min, ok] of cases) assert.is(displayDaysProblem(days, min) === null, ok, `${days}/${min}`);
});

test('the party branch proposes under two thirds present and more than half of all members', () => {
  assert.equal(PRESETS.party_branch, PRESETS.party_assembly);
});

test.run();
