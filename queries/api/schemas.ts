// zod/mini: the dashboard bundles these schemas; the server uses them as they are.
import * as z from "zod/mini";
import { holidayKeys } from "../../transforms/calendar/holiday-keys.ts";
import { capabilitiesSchema } from "../access/capabilities.ts";
import { bulletinEntrySchema } from "../reports/schemas.ts";

/** The API's answers besides the reports (those are in reports/schemas.ts), as the server sends them and the dashboard reads them. */

/** /api/me: who holds the token, and what the access policy lets it see. */
export const meSchema = z.strictObject({
  role: z.string(),
  operator_id: z.nullable(z.string()),
  name: z.string(),
  /** The alliance's name as configured (TOURISM_ALLIANCE_NAME): the dashboard's title. */
  alliance: z.string(),
  capabilities: capabilitiesSchema,
  /**
   * Events the warehouse holds; 0 until the first arrives (the dashboard then says how to send some);
   * null when the store cannot tell (`serve` on a directory never migrated): who is asking still answers.
   */
  events_stored: z.nullable(z.int()),
  /** The local date at the sites (a demo's day in a demo): what the dashboard's forecast calls today. */
  today: z.iso.date(),
});

const named = { name_zh: z.string(), name_en: z.string() };
/** /api/sites: the register as the role may see it; loose, since the register file may carry more than the dashboard reads. */
export const sitesSchema = z.object({
  towns: z.array(z.object({ town_id: z.string(), ...named })),
  operators: z.array(z.object({ operator_id: z.string(), ...named })),
  sites: z.array(z.object({ site_id: z.string(), town_id: z.string(), operator_id: z.string(), ...named })),
});

/** /api/holidays: every statutory holiday period of the calendar. */
export const holidayListSchema = z.array(
  z.strictObject({
    key: z.enum(holidayKeys),
    keys: z.array(z.enum(holidayKeys)),
    year: z.int(),
    name_zh: z.string(),
    start: z.iso.date(),
    end: z.iso.date(),
    days: z.int(),
  }),
);

/** /api/festivals: the alliance's festivals, each with only the sites the role may see. */
export const festivalListSchema = z.array(
  z.object({
    festival_id: z.string(),
    ...named,
    site_ids: z.array(z.string()),
    editions: z.array(z.object({ year: z.int(), start: z.iso.date(), end: z.iso.date() })),
  }),
);

/** /api/bulletins: the archived bulletins the role may read, newest first. */
export const bulletinListSchema = z.array(bulletinEntrySchema);

/** Every 4xx and 5xx answer. */
export const errorBodySchema = z.strictObject({ error: z.string() });

export type Me = z.infer<typeof meSchema>;
export type Sites = z.infer<typeof sitesSchema>;
export type HolidayList = z.infer<typeof holidayListSchema>;
export type FestivalList = z.infer<typeof festivalListSchema>;
