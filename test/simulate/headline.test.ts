import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { defaultNaming } from "../support/naming.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { importFiles } from "../../ingest/import/import-files.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { buildScenario } from "../../ingest/simulate/default-scenario.ts";
import { emptyStats, simulate } from "../../ingest/simulate/generate.ts";
import { writeNdjson } from "../../ingest/simulate/to-file.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { cliStaff } from "../../queries/access/access.ts";
import { festivalReport } from "../../queries/reports/festival.ts";
import { holidayReport } from "../../queries/reports/holiday.ts";
import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

const dir = mkdtempSync(join(tmpdir(), "tourism-sim-headline-"));
const opened: Warehouse[] = [];

afterAll(async () => {
  for (const warehouse of opened) {
    await warehouse.exec(`DROP DATABASE IF EXISTS ${warehouse.database}`);
    await warehouse.close();
  }
});

/**
 * The default scenario, written as NDJSON, imported with `tourism import`'s own path and read back
 * by the report module: the figures are DOMAIN.md's, whatever the seed.
 */
describe.each([1, 2])("default scenario, seed %i, through import and the reports", (seed) => {
  it("Langxia Country Park's Qingming 2019 and the flower festival's peak day and turnover", async () => {
    const register = await loadRegister();
    const festivals = await loadFestivals();
    const calendar = await loadHolidayCalendar();
    const scenario = buildScenario("default", register.sites, festivals, calendar, seed);
    // The two flower-festival editions hold both Qingming holidays (5–7 April 2018 and 2019).
    const file = join(dir, `seed${seed}.ndjson`);
    const windows = [
      ["2018-03-24", "2018-04-15"],
      ["2019-03-23", "2019-04-14"],
    ] as const;
    await writeNdjson(
      file,
      windows.flatMap(([from, to]) => [...simulate(scenario, { seed, from, to, detail: "daily" }, emptyStats())]),
    );

    const warehouse = await openTestEmbedded(`headline${seed}`);
    opened.push(warehouse);
    await migrate(warehouse, pino({ level: "silent" }));
    const lookup = registerLookup(register);
    const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock: () => DateTime.now() });
    const imported = await importFiles([file], { ingestor, batchSize: 20_000, rejectsPath: join(dir, `rejects${seed}.ndjson`) });
    expect(imported.invalid).toBe(0);

    const ctx = { warehouse, register, festivals, calendar, naming: defaultNaming };
    const qingming = await holidayReport(ctx, cliStaff, { holiday: "qingming", year: 2019, site: "langxia-country-park" });
    // DOMAIN.md: 9,700 visitors over 5–7 April 2019, +47 % on the same holiday of 2018.
    expect(qingming.current.start).toBe("2019-04-05");
    expect(qingming.current.end).toBe("2019-04-07");
    expect(qingming.current.visitors).toBe(9700);
    expect(qingming.yoy.visitors_pct).toBe(47);
    // 9,700 / 1.47 = 6,598.6: the 2018 holiday must hold 6,597–6,600 visitors to print +47.0 %.
    expect(qingming.previous!.visitors).toBeGreaterThanOrEqual(6597);
    expect(qingming.previous!.visitors).toBeLessThanOrEqual(6600);

    const flower = await festivalReport(ctx, cliStaff, { festival: "flower-festival", year: 2019 });
    // DOMAIN.md: single-day visitors +47 %, turnover +20 %, year on year.
    expect(flower.yoy.peak_day_visitors_pct).toBe(47);
    expect(flower.yoy.revenue_pct).toBe(20);
  });
});
