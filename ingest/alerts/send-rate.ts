/**
 * A robot's rate as its platform states it: at most `perMinute` requests in any 60 seconds (a DingTalk
 * robot that exceeds 20 is throttled for ten minutes). Counts every request sent, taken or not; kept
 * in memory, so a restart starts counting afresh. A robot that says it is throttled pauses it.
 */
export function sendRate(perMinute: number) {
  const windowMs = 60_000;
  const sent: number[] = [];
  let pausedUntil = 0;
  return {
    /** The earliest moment (ms) another request may go: `nowMs` when one may go now. */
    freeAt(nowMs: number): number {
      while (sent.length > 0 && sent[0]! <= nowMs - windowMs) sent.shift();
      return Math.max(pausedUntil, sent.length < perMinute ? nowMs : sent[sent.length - perMinute]! + windowMs);
    },
    /** Nothing goes before `untilMs` (the robot said it is throttled). */
    pause(untilMs: number): void {
      pausedUntil = Math.max(pausedUntil, untilMs);
    },
    sent(nowMs: number): void {
      sent.push(nowMs);
    },
  };
}
