/**
 * Instants as people at the sites read them: the wall-clock time in Asia/Shanghai with its offset,
 * `2026-12-05 11:44:59 +08:00`. One format for every instant the CLI prints; JSON keeps ISO text.
 */
const siteClock = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

const two = (n: number) => String(n).padStart(2, "0");

/** `+08:00` for an offset in minutes east of UTC. */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const size = Math.abs(minutes);
  return `${sign}${two(Math.floor(size / 60))}:${two(size % 60)}`;
}

/**
 * An ISO instant (`2026-12-05T03:44:59.000Z`, `2026-12-05T11:44:59+08:00`) as the sites' local time
 * with its offset, to the second; text that is not an instant is returned as it is.
 */
export function formatSiteInstant(iso: string): string {
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(ms)) return iso;
  const seconds = Math.floor(ms / 1000) * 1000;
  const part = Object.fromEntries(siteClock.formatToParts(seconds).map((p) => [p.type, p.value]));
  const wall = `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
  // The zone's offset at that instant: its wall-clock time read as if it were UTC, minus the instant.
  const asUtc = Date.UTC(Number(part.year), Number(part.month) - 1, Number(part.day), Number(part.hour), Number(part.minute), Number(part.second));
  return `${wall} ${offsetText(Math.round((asUtc - seconds) / 60_000))}`;
}

/** A nullable instant: null stays null (the table's dash). */
export const formatSiteInstantOrNull = (iso: string | null | undefined): string | null => (iso === null || iso === undefined ? null : formatSiteInstant(iso));
