/**
 * What the motion services tell the rest of the server (realtime, 四议两公开, ballot mixing); a file of
 * its own so motions.ts and motion-close.ts both take it without importing each other.
 */
export interface MotionEvents {
  /** A motion was created, opened, counted by hand, closed or annulled. */
  motionChanged(motionId: number): void;
  /** The hall's screen changed (opening a vote puts the board on the projector). */
  meetingChanged(meetingId: number): void;
  /** A motion's result was locked (after its transaction committed). */
  motionClosed?(motionId: number): void;
  /** A motion was annulled (after its transaction committed): whatever it decided no longer stands. */
  motionAnnulled?(motionId: number): void;
  /** A secret motion closed or was annulled: received ballots held in memory are settled (BallotMix). */
  ballotsSettled?(motionId: number): void;
}
