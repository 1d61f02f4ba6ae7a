import { SingleBar } from "cli-progress";
import type { Logger } from "./logger.ts";

export interface Progress {
  increment(amount: number): void;
  stop(): void;
}

/**
 * Long work shows progress: a bar on a terminal, otherwise a structured log line every few
 * seconds (CI logs and pipes stay readable).
 */
export function startProgress(label: string, total: number, unit: string, log: Logger, everyMs = 5000): Progress {
  let done = 0;
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | eta {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    });
    bar.start(total, 0);
    return { increment: (n) => bar.increment(n), stop: () => bar.stop() };
  }
  let last = Date.now();
  return {
    increment(n) {
      done += n;
      if (Date.now() - last >= everyMs) {
        last = Date.now();
        log.info({ progress: label, done, total, unit }, `${label}: ${total > 0 ? Math.round((done / total) * 100) : 0}%`);
      }
    },
    stop: () => log.info({ progress: label, done, total, unit }, `${label}: done`),
  };
}
