import { addDays } from "../../transforms/calendar/dates.ts";

/** `count` dates back from `end` (latest first), remembered: a backtest asks for the same runs of dates many thousand times. */
export function datesBack(end: string, count: number): readonly string[] {
  const key = `${end}|${count}`;
  let dates = remembered.get(key);
  if (!dates) {
    if (remembered.size > 20_000) remembered.clear();
    dates = Array.from({ length: count }, (_, i) => addDays(end, -i));
    remembered.set(key, dates);
  }
  return dates;
}
const remembered = new Map<string, string[]>();
