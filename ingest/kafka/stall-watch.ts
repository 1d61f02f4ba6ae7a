import { WarehouseError } from "../../infra/warehouse/port.ts";

/** One retried operation, from its first failure until it succeeds. */
export interface Stall {
  failed(err: unknown): void;
  ended(): void;
}

export interface StallWatch {
  begin(): Stall;
  /** How long the oldest operation still failing has been failing; 0 when everything flows. */
  stalledMs(): number;
  /** Failing for longer than the patience, or for a reason that waiting alone cannot fix. */
  overdue(): boolean;
}

/** A warehouse failure that is neither transient nor about the rows' content needs a person now. */
const needsAPerson = (err: unknown) => err instanceof WarehouseError && err.failure === "fatal";

/** Watches the worker's retried operations; nothing passes unwritten data while they fail. */
export function createStallWatch(patienceMs: number, now: () => number = Date.now): StallWatch {
  const failing = new Map<Stall, { since: number; fatal: boolean }>();
  const oldest = () => Math.min(...[...failing.values()].map((f) => f.since));
  return {
    begin() {
      const stall: Stall = {
        failed(err) {
          const since = failing.get(stall)?.since ?? now();
          failing.set(stall, { since, fatal: needsAPerson(err) });
        },
        ended: () => void failing.delete(stall),
      };
      return stall;
    },
    stalledMs: () => (failing.size === 0 ? 0 : now() - oldest()),
    overdue() {
      if (failing.size === 0) return false;
      return now() - oldest() > patienceMs || [...failing.values()].some((f) => f.fatal);
    },
  };
}
