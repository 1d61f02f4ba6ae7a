import { WarehouseError } from "../../infra/warehouse/port.ts";

export interface Refusal<T> {
  item: T;
  /** The engine's message. */
  reason: string;
}

export interface IsolatingInsert<T> {
  insert(items: T[]): Promise<void>;
  /** Which of these items are stored: an insert the engine refused may have landed some blocks. */
  stored(items: T[]): Promise<Set<T>>;
}

/**
 * Inserts `items`; when the warehouse refuses an insert for its content, halves it until each
 * refused item stands alone, and returns those with the engine's message. Everything else is
 * written, in about k·log₂(n) inserts for k refused items. Any other failure is thrown as is.
 */
export async function insertIsolatingRefusals<T>(items: T[], target: IsolatingInsert<T>): Promise<Refusal<T>[]> {
  if (items.length === 0) return [];
  try {
    await target.insert(items);
    return [];
  } catch (err) {
    if (!(err instanceof WarehouseError) || err.failure !== "refused") throw err;
    if (items.length === 1) return [{ item: items[0]!, reason: err.message }];
    const landed = await target.stored(items);
    const rest = items.filter((item) => !landed.has(item));
    const half = Math.ceil(rest.length / 2);
    return [...(await insertIsolatingRefusals(rest.slice(0, half), target)), ...(await insertIsolatingRefusals(rest.slice(half), target))];
  }
}
