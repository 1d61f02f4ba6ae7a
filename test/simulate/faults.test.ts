import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { DateTime } from "luxon";
import pino from "pino";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { buildScenario } from "../../ingest/simulate/default-scenario.ts";
import { emptyStats, simulate } from "../../ingest/simulate/generate.ts";
import type { Scenario } from "../../ingest/simulate/scenario.ts";
import { ingestBatches } from "../../ingest/simulate/to-ingestor.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import { migrate } from "../../transforms/migrate.ts";
import { type Register, loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

const seed = 5;
const range = { seed, from: "2019-04-01", to: "2019-04-21", detail: "daily" as const };
const opened: Warehouse[] = [];
let register: Register;
let scenario: Scenario;

async function load(label: string, faults: boolean) {
  const warehouse = await openTestEmbedded(label);
  opened.push(warehouse);
  await migrate(warehouse, pino({ level: "silent" }));
  const lookup = registerLookup(register);
  const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock: () => DateTime.now() });
  const stats = emptyStats();
  const days = simulate(scenario, { ...range, faults: { duplicates: faults, late: faults, malformed: faults } }, stats);
  // Small batches: duplicates and late copies then meet their originals in other writes too.
  const totals = await ingestBatches(ingestor, days, { source: label, batchSize: 3000 });
  return { warehouse, stats, totals };
}

const dailyRow = z.object({ local_date: z.string(), site_id: z.string(), visitors: int64, revenue_fen: int64, sold: int64 });
async function daily(warehouse: Warehouse) {
  const visitors = await warehouse.query(
    `SELECT toString(f.local_date) AS local_date, f.site_id AS site_id, f.visitors AS visitors, t.revenue_fen AS revenue_fen, t.sold AS sold
     FROM (SELECT local_date, site_id, sum(visitors_in) AS visitors FROM footfall_events GROUP BY local_date, site_id) AS f
     LEFT JOIN (SELECT local_date, site_id, sum(revenue_fen) AS revenue_fen, sum(tickets_sold) AS sold FROM ticket_events GROUP BY local_date, site_id) AS t
     USING (local_date, site_id) ORDER BY local_date, site_id`,
    {},
    dailyRow,
  );
  return visitors;
}

beforeAll(async () => {
  register = await loadRegister();
  scenario = buildScenario("default", register.sites, await loadFestivals(), await loadHolidayCalendar(), seed);
});

afterAll(async () => {
  for (const warehouse of opened) {
    await warehouse.exec(`DROP DATABASE IF EXISTS ${warehouse.database}`);
    await warehouse.close();
  }
});

describe("injected faults through the ingest path", () => {
  it("every malformed copy is rejected, every duplicate dropped, and the totals equal a clean run's", async () => {
    const clean = await load("sim_clean", false);
    const faulty = await load("sim_faulty", true);
    const { stats, totals } = faulty;
    expect(stats.duplicates).toBeGreaterThan(0);
    expect(stats.late).toBeGreaterThan(0);
    expect(stats.malformed).toBeGreaterThan(0);
    expect(totals.messages).toBe(stats.events + stats.duplicates + stats.malformed);
    expect(totals.rejected).toHaveLength(stats.malformed);
    expect(totals.duplicates).toBe(stats.duplicates);
    expect(totals.written).toBe(clean.totals.written);
    expect(clean.totals.rejected).toHaveLength(0);
    const reasons = new Set(totals.rejected.map((r) => r.reason.split(":")[0]));
    expect([...reasons].every((r) => ["not JSON", "amount_cny", "site_id"].includes(r!))).toBe(true);
    expect(await daily(faulty.warehouse)).toEqual(await daily(clean.warehouse));
  });
});
