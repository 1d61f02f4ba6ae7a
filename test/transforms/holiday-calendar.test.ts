import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataFileError } from "../../transforms/data-file.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import shipped2026 from "../../transforms/calendar/holidays/2026.json" with { type: "json" };

/**
 * A made-up 2027 arrangement (the State Council had not published the real one), shaped like the
 * shipped files: 1 January 2027 is a Friday.
 */
type Day = { name: string; date: string; isOffDay: boolean };
const off = (name: string, ...dates: string[]): Day[] => dates.map((date) => ({ name, date, isOffDay: true }));
const work = (name: string, date: string): Day => ({ name, date, isOffDay: false });
const days2027: Day[] = [
  ...off("元旦", "2027-01-01"), // Friday: the period runs to Sunday 3 January
  ...off("春节", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"),
  work("春节", "2027-02-20"), // a Saturday
  ...off("清明节", "2027-04-05"), // Monday, after the weekend
  ...off("劳动节", "2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04", "2027-05-05"),
  work("劳动节", "2027-05-08"),
  ...off("端午节", "2027-06-09"),
  ...off("中秋节", "2027-09-15"),
  ...off("国庆节", "2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"),
  work("国庆节", "2027-10-09"),
];

const root = mkdtempSync(join(tmpdir(), "tourism-holidays-"));
let dirs = 0;

/** A fresh TOURISM_HOLIDAYS directory holding `files` (name → JSON value or raw text). */
function holidaysDir(files: Record<string, unknown>): string {
  const dir = join(root, `set${++dirs}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  return dir;
}

/** The loader's refusal, which must be one line naming the file. */
async function refusal(extra: string): Promise<string> {
  const err = await loadHolidayCalendar(extra).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataFileError);
  const message = (err as Error).message;
  expect(message).not.toContain("\n");
  return message;
}

const with2027 = (change: (days: Day[]) => Day[]) => ({ "2027.json": { year: 2027, days: change(days2027.map((d) => ({ ...d }))) } });

describe("the holiday calendar as data", () => {
  it("ships 2018–2026 and says where 2027 would go", async () => {
    const calendar = await loadHolidayCalendar();
    expect(calendar.years).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(calendar.period("qingming", 2027)).toBeUndefined();
    expect(calendar.addYearHint(2027)).toBe("2027.json in a directory that TOURISM_HOLIDAYS names");
  });

  it("adds a valid year from the directory TOURISM_HOLIDAYS names, checked like the shipped ones", async () => {
    const dir = holidaysDir({ "2027.json": { year: 2027, papers: [], days: days2027 }, "notes.txt": "ignored: not a year file" });
    const calendar = await loadHolidayCalendar(dir);
    expect(calendar.years.at(-1)).toBe(2027);
    expect(calendar.period("new_year", 2027)).toMatchObject({ start: "2027-01-01", end: "2027-01-03", days: 3 });
    expect(calendar.period("qingming", 2027)).toMatchObject({ start: "2027-04-03", end: "2027-04-05", days: 3 });
    expect(calendar.classify("2027-10-09")).toEqual({ kind: "makeup_workday", holidays: [] });
    expect(calendar.addYearHint(2028)).toBe(join(dir, "2028.json"));
  });

  it("adds a year from a single file too", async () => {
    const file = join(holidaysDir({ "arrangement.json": { year: 2027, days: days2027 } }), "arrangement.json");
    expect((await loadHolidayCalendar(file)).period("national_day", 2027)).toMatchObject({ start: "2027-10-01", end: "2027-10-07" });
  });

  describe("refuses a bad file with one line naming the file and the problem", () => {
    it.each([
      ["not JSON", { "2027.json": "{ year: 2027" }, /2027\.json: not JSON/],
      ["a missing field", { "2027.json": { year: 2027 } }, /2027\.json: days: /],
      ["a date that is not real", with2027((d) => [...d, ...off("元旦", "2027-02-30")]), /2027\.json: days\[\d+\]\.date: expected a date YYYY-MM-DD/],
      ["a date outside its year", with2027((d) => [...d, ...off("端午节", "2028-06-10")]), /2027\.json: days\[\d+\]\.date: 2028-06-10 is not in 2027/],
      ["a date listed twice", with2027((d) => [...d, ...off("中秋节", "2027-06-09")]), /2027\.json: days\[\d+\]\.date: 2027-06-09 is listed twice/],
      [
        "a make-up working day on a weekday",
        with2027((d) => [...d, work("端午节", "2027-06-16")]),
        /2027\.json: days\[\d+\]\.date: make-up working day 2027-06-16 is not a Saturday or Sunday/,
      ],
      ["a statutory holiday missing", with2027((d) => d.filter((day) => day.name !== "清明节")), /2027\.json: days: 清明节 has no day off/],
      [
        "a statutory holiday named twice",
        with2027((d) => [...d, ...off("中秋节、国庆节", "2027-09-16")]),
        /2027\.json: days: (中秋节|国庆节) is named in .* and 中秋节、国庆节/,
      ],
      ["an unknown holiday", with2027((d) => [...d, ...off("圣诞节", "2027-12-25")]), /2027\.json: days: unknown holiday name "圣诞节"/],
      [
        "overlapping holidays",
        // Friday 4 June and Monday 7 June both take the weekend between them.
        with2027((d) => [...d.filter((day) => day.name !== "端午节" && day.name !== "中秋节"), ...off("中秋节", "2027-06-04"), ...off("端午节", "2027-06-07")]),
        /2027\.json: 2027-06-05 falls in both 2027 中秋节 and 2027 端午节/,
      ],
      [
        "a working day inside the days off",
        with2027((d) => [...d.filter((day) => day.name !== "春节"), ...off("春节", "2027-02-08", "2027-02-10")]),
        /2027\.json: 2027 春节: 2027-02-09 is a working day inside the listed days off/,
      ],
      ["a year the calendar already has", { "2026.json": shipped2026 }, /2026\.json: year: 2026 is already in the calendar \(.*holidays\/2026\.json\)/],
      ["a file named for another year", { "2028.json": { year: 2027, days: days2027 } }, /2028\.json: year: 2027 in a file named 2028\.json/],
    ])("%s", async (_what, files, expected) => {
      expect(await refusal(holidaysDir(files as Record<string, unknown>))).toMatch(expected);
    });

    it("a path that does not exist", async () => {
      expect(await refusal(join(root, "nowhere"))).toMatch(/^holiday calendar .*nowhere: cannot read: /);
    });
  });
});

describe("tourism calendar", () => {
  const tourism = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "queries/cli/main.ts", ...args], {
      env: { ...process.env, LOG_LEVEL: "silent", TOURISM_HOLIDAYS: "", ...env },
      encoding: "utf8",
      timeout: 60_000,
    });

  it("lists the years covered and the next missing one with where to add it", () => {
    const run = tourism({}, "calendar");
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("holiday calendar: 9 years, 2018–2026");
    expect(lines).toContain(
      "2026  元旦 01-01–01-03 (3) · 春节 02-15–02-23 (9) · 清明节 04-04–04-06 (3) · 劳动节 05-01–05-05 (5) · 端午节 06-19–06-21 (3) · 中秋节 09-25–09-27 (3) · 国庆节 10-01–10-07 (7)",
    );
    expect(lines.at(-1)).toBe(
      "2027: not in the calendar — add its arrangement to 2027.json in a directory that TOURISM_HOLIDAYS names, published by the State Council each autumn",
    );
  });

  it("counts the user's years and names their directory for the next", () => {
    const dir = holidaysDir({ "2027.json": { year: 2027, days: days2027 } });
    const run = tourism({ TOURISM_HOLIDAYS: dir }, "calendar");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("holiday calendar: 10 years, 2018–2027\n");
    expect(run.stdout).toContain("\n2027  元旦 01-01–01-03 (3) · 春节 02-05–02-11 (7) · 清明节 04-03–04-05 (3)");
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe(
      `2028: not in the calendar — add its arrangement to ${join(dir, "2028.json")}, published by the State Council each autumn`,
    );
  });

  it("stops with exit 2 and one line on a bad file", () => {
    const dir = holidaysDir(with2027((d) => [...d, work("端午节", "2027-06-16")]));
    const run = tourism({ TOURISM_HOLIDAYS: dir }, "calendar");
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`tourism: holiday calendar ${join(dir, "2027.json")}: days[26].date: make-up working day 2027-06-16 is not a Saturday or Sunday\n`);
  });
});
