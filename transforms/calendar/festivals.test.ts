import { describe, expect, it } from "vitest";
import { parseDataFile } from "../data-file.ts";
import { type Register, registerSchema } from "../register/register.ts";
import registerSample from "../register/register.json" with { type: "json" };
import { checkFestivalSites, type Festival, festivalEdition, festivalsFileSchema } from "./festivals.ts";
import sample from "./festivals.json" with { type: "json" };

const parse = (json: unknown) => parseDataFile(json, festivalsFileSchema, "festivals file f.json").festivals;

const flower: Festival = {
  festival_id: "flower-festival",
  name_zh: "赏花节",
  name_en: "Flower Festival",
  site_ids: ["langxia-country-park"],
  editions: [{ year: 2019, start: "2019-03-23", end: "2019-04-14" }],
};

describe("the sample festivals", () => {
  const festivals = parse(sample);

  it("hold the flower festival at langxia-country-park every spring 2018–2026", () => {
    for (let year = 2018; year <= 2026; year += 1) {
      const edition = festivalEdition(festivals, "flower-festival", year);
      expect(edition?.site_ids).toContain("langxia-country-park");
      expect(edition!.start >= `${year}-03-01` && edition!.end <= `${year}-04-30`).toBe(true);
    }
  });

  it("name only sites of the sample register", () => {
    expect(() => checkFestivalSites(festivals, parseDataFile(registerSample, registerSchema, "register"), "festivals file f.json")).not.toThrow();
  });
});

describe("festivalEdition", () => {
  it("gives the dates, the length counted inclusively, and the sites", () => {
    // 23 March to 14 April 2019: 9 days of March + 14 of April.
    expect(festivalEdition([flower], "flower-festival", 2019)).toEqual({
      start: "2019-03-23",
      end: "2019-04-14",
      days: 23,
      site_ids: ["langxia-country-park"],
    });
  });

  it("is undefined for an unknown festival or year", () => {
    expect(festivalEdition([flower], "flower-festival", 2020)).toBeUndefined();
    expect(festivalEdition([flower], "tea-festival", 2019)).toBeUndefined();
  });
});

describe("festivalsFileSchema", () => {
  const edition = flower.editions[0]!;
  it.each([
    ["an end before the start", [{ ...flower, editions: [{ ...edition, end: "2019-03-01" }] }], "festivals[0].editions[0].end: start is after end"],
    [
      "a start outside its year",
      [{ ...flower, editions: [{ ...edition, year: 2020 }] }],
      "festivals[0].editions[0].start: start must lie in the edition's year",
    ],
    ["a second edition in one year", [{ ...flower, editions: [edition, edition] }], "festivals[0].editions[1].year: a second edition for 2019"],
    ["an impossible date", [{ ...flower, editions: [{ ...edition, end: "2019-02-30" }] }], "festivals[0].editions[0].end: expected a date YYYY-MM-DD"],
    ["a duplicate festival", [flower, flower], 'festivals[1].festival_id: duplicate id "flower-festival"'],
  ])("rejects %s, naming the file and the field", (_, festivals, message) => {
    expect(() => parse({ festivals })).toThrow(`festivals file f.json: ${message}`);
  });

  it("rejects a site the register does not know", () => {
    const register: Register = { version: "t", towns: [], operators: [], sites: [] };
    expect(() => checkFestivalSites([flower], register, "festivals file f.json")).toThrow(
      'festivals file f.json: festival flower-festival: site "langxia-country-park" is not in the register',
    );
  });
});
