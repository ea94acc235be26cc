import { TIMER_WARN_SECONDS } from '../../shared/rules/meeting.js';

export type TimerPhase = 'idle' | 'running' | 'warning' | 'over';

/**
 * The speaker countdown as this device should show it: whole seconds left, counted against the
 * server's clock (`clockOffsetMs`), so a projector PC whose clock is minutes off still agrees
 * with the console.
 */
export function timerView(
  endsAt: string | null,
  clockOffsetMs: number,
  now = Date.now(),
): { seconds: number; phase: TimerPhase; text: string } {
  if (!endsAt) return { seconds: 0, phase: 'idle', text: '' };
  const seconds = Math.max(0, Math.ceil((Date.parse(endsAt) - (now + clockOffsetMs)) / 1000));
  const phase: TimerPhase = seconds === 0 ? 'over' : seconds <= TIMER_WARN_SECONDS ? 'warning' : 'running';
  const mm = Math.floor(seconds / 60);
  const ss = seconds % 60;
  return { seconds, phase, text: `${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}` };
}
