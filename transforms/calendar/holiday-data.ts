import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DataFileError, readDataFile } from "../data-file.ts";
import { buildHolidayCalendar, HolidayDataError, type HolidayCalendar, type Notice, noticeSchema } from "./holidays.ts";

/** The official arrangements shipped with the code, one file per notice year. */
export const shippedHolidaysDir = fileURLToPath(new URL("./holidays/", import.meta.url));

const yearFile = /^(\d{4})\.json$/;

/** A directory's year files (2027.json, …) in order, or the one file named. */
async function noticeFiles(path: string): Promise<string[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (err) {
    throw new DataFileError(`holiday calendar ${path}: cannot read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (!isDirectory) return [path];
  return (await readdir(path))
    .filter((name) => yearFile.test(name))
    .sort()
    .map((name) => join(path, name));
}

async function readNotice(path: string): Promise<Notice> {
  const notice = await readDataFile(path, noticeSchema, "holiday calendar");
  const named = yearFile.exec(basename(path))?.[1];
  if (named !== undefined && Number(named) !== notice.year)
    throw new DataFileError(`holiday calendar ${path}: year: ${notice.year} in a file named ${named}.json`);
  return notice;
}

/**
 * The shipped years plus the user's (TOURISM_HOLIDAYS: a directory of year files, or one file).
 * Every file is checked on load; a bad one stops the program naming the file and the problem.
 * Years are added in order and the calendar rebuilt each time, so an overlap is blamed on the file
 * that brings it.
 */
export async function loadHolidayCalendar(extra?: string): Promise<HolidayCalendar> {
  const files = [...(await noticeFiles(shippedHolidaysDir)), ...(extra ? await noticeFiles(extra) : [])];
  const loaded: { path: string; notice: Notice }[] = [];
  for (const path of files) {
    const notice = await readNotice(path);
    const twin = loaded.find((other) => other.notice.year === notice.year);
    if (twin) throw new DataFileError(`holiday calendar ${path}: year: ${notice.year} is already in the calendar (${twin.path})`);
    loaded.push({ path, notice });
  }
  loaded.sort((a, b) => a.notice.year - b.notice.year);
  // A missing year goes into the user's directory; without one, the calendar's default hint says how to make one.
  const hint = extra !== undefined && (await stat(extra)).isDirectory() ? (year: number) => join(extra, `${year}.json`) : undefined;
  for (let i = 0; i < loaded.length; i++) {
    try {
      buildHolidayCalendar(loaded.slice(0, i + 1).map((l) => l.notice));
    } catch (err) {
      if (err instanceof HolidayDataError) throw new DataFileError(`holiday calendar ${loaded[i]!.path}: ${err.message}`, { cause: err });
      throw err;
    }
  }
  return buildHolidayCalendar(
    loaded.map((l) => l.notice),
    hint,
  );
}
