import { setTimeout as sleep } from "node:timers/promises";

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Called before each wait, with the failure and the attempt number (1-based). */
  onRetry: (err: unknown, attempt: number, delayMs: number) => void;
  /** Stop retrying (and rethrow) once this says so, e.g. on shutdown. */
  shouldStop?: () => boolean;
}

/** Doubling delay with jitter, capped: retries `work` until it succeeds or `shouldStop` says stop. */
export async function retryWithBackoff<T>(work: () => Promise<T>, options: BackoffOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (options.shouldStop?.()) throw err;
      const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** (attempt - 1));
      const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      options.onRetry(err, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}
