/**
 * When the motion that decided a stage of 四议两公开 is annulled (the meeting found the vote
 * flawed: a miscount, someone voted who should not have), its result no longer stands, and a
 * matter must not advance on it. Pure, so the cases read as a table (test/unit).
 */
import {
  STAGES,
  STEPS,
  stageIndex,
  type AttemptState,
  type ProcedureState,
  type Stage,
  type Step,
} from './procedure.js';

export interface AttemptRef {
  id: number;
  stage: Stage;
  state: AttemptState;
}

export interface AnnulmentEffect {
  /**
   * Attempts whose outcome no longer stands, to be marked `annulled`: the one the motion decided
   * and every attempt of a later stage put on an agenda after it (they were built on it).
   */
  voided: number[];
  /** The step the matter goes back to, or null when it stays where it is. */
  step: Stage | null;
}

/** States whose outcome an annulment can still undo; `returned` and `ended` were the convener's own choice. */
const UNDOABLE: readonly AttemptState[] = ['scheduled', 'passed', 'failed'];

/**
 * What annulling the motion of attempt `attemptId` undoes. `attempts` are the matter's attempts in
 * the order they were put on agendas.
 *
 * - An attempt not yet decided (the motion was annulled before it closed), or already returned or
 *   ended by the convener: nothing changes; the convener's later choice stands.
 * - An attempt superseded by a later try of the same stage (after a return): only it is voided.
 * - A matter that was ended: only the attempt is voided; ending was the convener's decision.
 * - Otherwise the attempt and every later stage's attempt after it are voided, and a matter that
 *   had gone beyond the stage goes back to it, to be decided again.
 */
export function annulmentEffect(
  p: { state: ProcedureState; step: Step },
  attempts: readonly AttemptRef[],
  attemptId: number,
): AnnulmentEffect {
  const i = attempts.findIndex((a) => a.id === attemptId);
  const a = attempts[i];
  if (!a || (a.state !== 'passed' && a.state !== 'failed')) return { voided: [], step: null };
  const later = attempts.slice(i + 1);
  if (p.state === 'ended' || later.some((x) => x.stage === a.stage)) return { voided: [a.id], step: null };
  const voided = [
    a.id,
    ...later.filter((x) => stageIndex(x.stage) > stageIndex(a.stage) && UNDOABLE.includes(x.state)).map((x) => x.id),
  ];
  return { voided, step: STEPS.indexOf(p.step) > STAGES.indexOf(a.stage) ? a.stage : null };
}
