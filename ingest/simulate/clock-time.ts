/** Local wall-clock times of the sites (UTC+8, no DST), written the way source systems send them. */
export function localTimestamp(date: string, minuteOfDay: number, second = 0): string {
  const m = Math.min(24 * 60 - 1, Math.max(0, Math.floor(minuteOfDay)));
  const hh = String(Math.floor(m / 60)).padStart(2, "0");
  const mm = String(m % 60).padStart(2, "0");
  return `${date}T${hh}:${mm}:${String(second).padStart(2, "0")}+08:00`;
}
