import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { annulmentEffect, type AttemptRef } from '../../shared/rules/procedure-annulment.js';
import {
  procedureFlags,
  publicationStatus,
  staticFlags,
  type ProcedureFacts,
  type ProcedureState,
  type Step,
} from '../../shared/rules/procedure.js';

const a = (id: number, stage: AttemptRef['stage'], state: AttemptRef['state']): AttemptRef => ({ id, stage, state });
const open = (step: Step, state: ProcedureState = 'open') => ({ state, step });

test('annulling a vote: what falls with it and where the matter goes back to', () => {
  const cases: [string, ReturnType<typeof open>, AttemptRef[], number, { voided: number[]; step: string | null }][] = [
    [
      '提议 passed, the matter waits for 商议: 提议 is voided and the matter goes back to it',
      open('consultation'),
      [a(1, 'proposal', 'passed')],
      1,
      { voided: [1], step: 'proposal' },
    ],
    [
      '商议 already on another meeting’s agenda stood on the annulled 提议: it falls too',
      open('consultation'),
      [a(1, 'proposal', 'passed'), a(2, 'consultation', 'scheduled')],
      1,
      { voided: [1, 2], step: 'proposal' },
    ],
    [
      'later stages already decided on it fall, the matter goes back to 提议',
      open('resolution_publication'),
      [a(1, 'proposal', 'passed'), a(2, 'consultation', 'passed'), a(3, 'review', 'failed')],
      1,
      { voided: [1, 2, 3], step: 'proposal' },
    ],
    [
      'a completed matter whose 决议 is annulled is carried again from 决议',
      open('done', 'completed'),
      [
        a(1, 'proposal', 'passed'),
        a(2, 'consultation', 'passed'),
        a(3, 'review', 'passed'),
        a(4, 'resolution', 'passed'),
      ],
      4,
      { voided: [4], step: 'resolution' },
    ],
    [
      'a failed vote annulled: the stage is free to be decided again, the matter stays at it',
      open('consultation'),
      [a(1, 'proposal', 'passed'), a(2, 'consultation', 'failed')],
      2,
      { voided: [2], step: null },
    ],
    [
      'a vote annulled before it closed decided nothing: nothing changes',
      open('proposal'),
      [a(1, 'proposal', 'scheduled')],
      1,
      { voided: [], step: null },
    ],
    [
      'a failed stage the convener already returned: the return stands',
      open('proposal'),
      [a(1, 'proposal', 'passed'), a(2, 'consultation', 'returned'), a(3, 'proposal', 'scheduled')],
      2,
      { voided: [], step: null },
    ],
    [
      'a pass superseded by a later try of the same stage: only it is voided',
      open('consultation'),
      [a(1, 'proposal', 'passed'), a(2, 'consultation', 'returned'), a(3, 'proposal', 'passed')],
      1,
      { voided: [1], step: null },
    ],
    [
      'an ended matter stays ended: only the attempt is voided',
      open('ended', 'ended'),
      [a(1, 'proposal', 'passed')],
      1,
      { voided: [1], step: null },
    ],
    [
      'an earlier round’s attempts of later stages are history, not built on this pass',
      open('review'),
      [
        a(1, 'proposal', 'passed'),
        a(2, 'consultation', 'passed'),
        a(3, 'review', 'returned'),
        a(4, 'consultation', 'passed'),
      ],
      4,
      { voided: [4], step: 'consultation' },
    ],
    [
      'an attempt not among the matter’s',
      open('consultation'),
      [a(1, 'proposal', 'passed')],
      9,
      { voided: [], step: null },
    ],
  ];
  for (const [name, p, attempts, id, want] of cases) assert.equal(annulmentEffect(p, attempts, id), want, name);
});

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 3));
const facts = (more: Partial<ProcedureFacts>): ProcedureFacts => ({
  stages: [],
  publications: [],
  objections: [],
  resultRatedAt: null,
  minDisplayDays: 5,
  resultPublishLimitDays: 7,
  ...more,
});

test('an annulled vote decided nothing: it neither skips, reorders nor misses a quorum', () => {
  const stage = { body: 'party_branch' as const, meetingStartsAt: day(1), meetingPublishedAt: day(1) };
  const f = facts({
    stages: [
      { ...stage, stage: 'proposal', state: 'annulled', decidedAt: day(1), quorumMet: false, quorumRequired: 4 },
      { ...stage, stage: 'proposal', state: 'passed', decidedAt: day(3), quorumMet: true, quorumRequired: 4 },
    ],
  });
  assert.equal(staticFlags(f), []);
  // A 商议 whose 提议 was annulled and never passed again stands on nothing.
  const skipped = facts({
    stages: [
      { ...stage, stage: 'proposal', state: 'annulled', decidedAt: day(1), quorumMet: true, quorumRequired: 4 },
      {
        ...stage,
        body: 'two_committees',
        stage: 'consultation',
        state: 'passed',
        decidedAt: day(2),
        quorumMet: true,
        quorumRequired: 4,
      },
    ],
  });
  assert.equal(staticFlags(skipped), ['stage_skipped']);
});

test('a publication voided with its 决议 is not a period cut short, and a voided result is not a publication', () => {
  const voided = {
    kind: 'resolution' as const,
    startsAt: day(1),
    endsAt: day(8),
    days: 7,
    withdrawnAt: day(2),
    voided: true,
  };
  assert.equal(staticFlags(facts({ publications: [voided] })), []);
  assert.equal(staticFlags(facts({ publications: [{ ...voided, voided: false }] })), ['publication_short']);
  assert.is(publicationStatus(voided, day(3)), 'annulled');
  const rated = facts({
    resultRatedAt: day(1),
    publications: [{ kind: 'result', startsAt: day(2), endsAt: day(9), days: 7, withdrawnAt: null, voided: true }],
  });
  assert.equal(procedureFlags(rated, day(20)), ['result_late']);
});

test.run();
