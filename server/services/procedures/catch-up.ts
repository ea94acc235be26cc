import type { Logger } from '../../logger.js';

/**
 * Replays motion events a process missed while none listened (on start), oldest first. A failure
 * is logged and the rest still run: one bad row must not leave every later stage undecided.
 */
export async function replayMotions(
  motionIds: number[],
  handle: (motionId: number) => Promise<void>,
  logger: Logger,
  failure: string,
): Promise<void> {
  for (const motionId of motionIds) {
    try {
      await handle(motionId);
    } catch (err) {
      logger.error({ err, motionId }, failure);
    }
  }
}
