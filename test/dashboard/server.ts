import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import { defaultNaming } from "../support/naming.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import type { Page } from "playwright-core";
import { createLogger } from "../../infra/logger.ts";
import { knownIds, tokenBook } from "../../queries/access/tokens.ts";
import { buildServer } from "../../queries/api/server.ts";
import type { SiteClock } from "../../ingest/live/site-clock.ts";
import { type NotifyingSignal, writtenSignal } from "../../queries/live/written-signal.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { Register } from "../../transforms/register/register.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister } from "../../transforms/register/register.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { park, writeDataSet } from "./fixture.ts";

export const tokens = {
  staff: "staff-token-0123456789",
  planner: "planner-token-0123456789",
  operator: "operator-token-0123456789",
} as const;
export type Role = keyof typeof tokens;

export interface DashboardServer {
  base: string;
  warehouse: Warehouse;
  register: Register;
  /** Notify after writing events: the live stream pushes a fresh snapshot. */
  written: NotifyingSignal;
  close: () => Promise<void>;
}

/** The API and dashboard over the hand-built data set (or no events at all), on a free port, with one token per role; `clock`: a demo's. */
export async function startDashboard(name: string, { empty = false, clock }: { empty?: boolean; clock?: SiteClock } = {}): Promise<DashboardServer> {
  const warehouse = await openTestEmbedded(name);
  await migrate(warehouse, createLogger("silent"));
  const register = await loadRegister();
  if (!empty) await writeDataSet(warehouse, register);
  const book = tokenBook(
    {
      tokens: [
        { token: tokens.staff, role: "staff", name: "联盟办" },
        { token: tokens.planner, role: "planner", name: "规划院" },
        { token: tokens.operator, role: `operator:${park.operator}`, name: "郊野公园" },
      ],
    },
    knownIds(register),
  );
  const written = writtenSignal();
  const app = await buildServer({
    context: { warehouse, register, festivals: await loadFestivals(), calendar: await loadHolidayCalendar(), naming: defaultNaming },
    tokens: book,
    written,
    ...(clock ? { clock } : {}),
  });
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    base,
    warehouse,
    register,
    written,
    close: async () => {
      await app.close();
      await warehouse.close();
    },
  };
}

/** Signs in on the page's sign-in form and waits for the first view. */
export async function signInAs(page: Page, role: Role): Promise<void> {
  await page.fill("[data-field=token]", tokens[role]);
  await page.click("[data-action=sign-in]");
  await page.waitForSelector("[data-view]");
}
