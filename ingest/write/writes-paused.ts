import type { Warehouse } from "../../infra/warehouse/port.ts";

/** The lock of the writers on one embedded database: they share its StoredIds. */
const sharedLocks = new WeakMap<object, { tail: Promise<unknown> }>();

function lockOf(warehouse: Warehouse): { tail: Promise<unknown> } {
  const scope = warehouse.soleWriter?.scope;
  if (!scope) return { tail: Promise.resolve() };
  let lock = sharedLocks.get(scope);
  if (!lock) {
    lock = { tail: Promise.resolve() };
    sharedLocks.set(scope, lock);
  }
  return lock;
}

/**
 * Runs `work` between two writes of every event writer on this warehouse in this process: a write
 * is either entirely before it or entirely after (a backup's snapshot, a step of the duplicate
 * filter's build). Work is taken in the order it asks.
 */
export function whileWritesPaused<T>(warehouse: Warehouse, work: () => Promise<T>): Promise<T> {
  const lock = lockOf(warehouse);
  const next = lock.tail.then(work);
  lock.tail = next.catch(() => undefined);
  return next;
}
