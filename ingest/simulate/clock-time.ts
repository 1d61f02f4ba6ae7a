/** Local wall-clock times of the sites (UTC+8, no DST), written the way source systems send them. */
export function localTimestamp(date: string, minuteOfDay: number, second = 0): string {
  const m = Math.min(24 * 60 - 1, Math.max(0, Math.floor(minuteOfDay)));
  const hh = String(Math.floor(m / 60)).padStart(2, "0");
  const mm = String(m % 60).padStart(2, "0");
  return `${date}T${hh}:${mm}:${String(second).padStart(2, "0")}+08:00`;
}

/** The two ASCII digits at text[at, at + 2) as a number; NaN when either is not a digit. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : Number.NaN;
}

/**
 * The instant (epoch ms) of `text`, as Date.parse reads it: a timestamp `localTimestamp` wrote on
 * `date`, whose midnight at the sites is `midnightMs`, is read from its clock digits alone (Date.parse
 * cost some 0.3 s of a first start); any other text goes to Date.parse.
 */
export function timestampMs(text: string, date: string, midnightMs: number): number {
  if (text.length !== 25 || !text.startsWith(date) || !text.endsWith("+08:00") || text[10] !== "T" || text[13] !== ":" || text[16] !== ":")
    return Date.parse(text);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (!(hour <= 23 && minute <= 59 && second <= 59)) return Date.parse(text);
  return midnightMs + ((hour * 60 + minute) * 60 + second) * 1000;
}
