import { describe, expect, it } from "vitest";
import { localTimestamp, timestampMs } from "./clock-time.ts";

const midnight = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

describe("timestampMs", () => {
  it("reads every second of a day as Date.parse does, leap days and year ends too", () => {
    for (const date of ["2018-01-01", "2020-02-29", "2024-12-31"]) {
      for (let minute = 0; minute < 24 * 60; minute++) {
        for (const second of [0, 1, 30, 59]) {
          const text = localTimestamp(date, minute, second);
          expect(timestampMs(text, date, midnight(date)), text).toBe(Date.parse(text));
        }
      }
    }
  });

  it("leaves any other text to Date.parse", () => {
    const date = "2024-04-04";
    for (const text of [
      "2024-04-05T10:15:00+08:00", // another day
      "2024-04-04T10:15:00+09:00",
      "2024-04-04T10:15:00Z",
      "2024-04-04 10:15:00+08:00",
      "2024-04-04T24:00:00+08:00",
      "2024-04-04T10:60:00+08:00",
      "2024-04-04T10:15:60+08:00",
      "2024-04-04T1a:15:00+08:00",
      "2024-04-04T10:15:00.5+08:00",
      "",
    ]) {
      expect(timestampMs(text, date, midnight(date)), text).toEqual(Date.parse(text));
    }
  });
});
