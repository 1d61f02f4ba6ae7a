import { fileURLToPath } from "node:url";
import { z } from "zod";
import { isIsoDate } from "../calendar/dates.ts";
import { readDataFile } from "../data-file.ts";

export interface Town {
  town_id: string;
  name_zh: string;
  name_en: string;
  district: string;
}

export interface Operator {
  operator_id: string;
  name_zh: string;
  name_en: string;
  kind: string;
}

export interface Site {
  site_id: string;
  town_id: string;
  operator_id: string;
  name_zh: string;
  name_en: string;
  kind: string;
  gates: string[];
  /** Local opening hours, "HH:MM"; outside them a silent site is not stale. */
  opening?: OpeningHours;
  /** Minutes between the site's gate counts as its counters send them; absent, its kind's usual (reporting-interval.ts). */
  reporting_interval_minutes?: number;
  /** Approved maximum capacities, re-approved over time; the entry in force is the latest `from` on or before a day. */
  capacity?: Capacity[];
}

export interface OpeningHours {
  from: string;
  to: string;
}

/** LB/T 034-2014: visitors inside at one moment (instant) and over the opening day (daily). */
export interface Capacity {
  from: string;
  instant: number;
  daily: number;
}

export interface Register {
  version: string;
  towns: Town[];
  operators: Operator[];
  sites: Site[];
}

export const defaultRegisterPath = fileURLToPath(new URL("./register.json", import.meta.url));

/** Ids travel in events and URLs: short, no spaces. */
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "expected an id of letters, digits, - _ . (at most 64)");
const name = z.string().trim().min(1);

const townSchema = z.object({ town_id: id, name_zh: name, name_en: name, district: name });
const operatorSchema = z.object({ operator_id: id, name_zh: name, name_en: name, kind: id });
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a local time HH:MM");
const openingSchema = z.object({ from: clockTime, to: clockTime }).refine((o) => o.from < o.to, "opening: from must be before to");
const capacitySchema = z
  .object({
    from: z.string().refine(isIsoDate, "expected a date YYYY-MM-DD"),
    instant: z.number().int().positive(),
    daily: z.number().int().positive(),
  })
  .refine((c) => c.instant <= c.daily, { message: "instant capacity must not exceed daily capacity", path: ["instant"] });
const capacitiesSchema = z
  .array(capacitySchema)
  .min(1)
  .superRefine((list, ctx) => {
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.from <= list[i - 1]!.from) ctx.addIssue({ code: "custom", path: [i, "from"], message: "capacity entries must be in increasing date order" });
    }
  });

const siteSchema = z.object({
  site_id: id,
  town_id: id,
  operator_id: id,
  name_zh: name,
  name_en: name,
  kind: id,
  gates: z.array(id).min(1).max(50),
  opening: openingSchema.optional(),
  reporting_interval_minutes: z.number().int().min(1).max(720).optional(),
  capacity: capacitiesSchema.optional(),
});

function duplicates(values: readonly string[]): Set<number> {
  const seen = new Set<string>();
  const repeated = new Set<number>();
  for (const [i, value] of values.entries()) {
    if (seen.has(value)) repeated.add(i);
    else seen.add(value);
  }
  return repeated;
}

export const registerSchema = z
  .object({
    version: z.string().trim().min(1),
    towns: z.array(townSchema).min(1),
    operators: z.array(operatorSchema).min(1),
    sites: z.array(siteSchema).min(1),
  })
  .superRefine((register, ctx) => {
    const unique = (list: "towns" | "operators" | "sites", key: string, values: string[]) => {
      for (const i of duplicates(values)) ctx.addIssue({ code: "custom", path: [list, i, key], message: `duplicate id ${JSON.stringify(values[i])}` });
    };
    unique(
      "towns",
      "town_id",
      register.towns.map((t) => t.town_id),
    );
    unique(
      "operators",
      "operator_id",
      register.operators.map((o) => o.operator_id),
    );
    unique(
      "sites",
      "site_id",
      register.sites.map((s) => s.site_id),
    );
    const towns = new Set(register.towns.map((t) => t.town_id));
    const operators = new Set(register.operators.map((o) => o.operator_id));
    register.sites.forEach((site, i) => {
      if (!towns.has(site.town_id)) ctx.addIssue({ code: "custom", path: ["sites", i, "town_id"], message: `unknown town ${JSON.stringify(site.town_id)}` });
      if (!operators.has(site.operator_id)) {
        ctx.addIssue({ code: "custom", path: ["sites", i, "operator_id"], message: `unknown operator ${JSON.stringify(site.operator_id)}` });
      }
      for (const g of duplicates(site.gates))
        ctx.addIssue({ code: "custom", path: ["sites", i, "gates", g], message: `duplicate gate ${JSON.stringify(site.gates[g])}` });
    });
  });

/** Reads and checks the register file (config TOURISM_REGISTER, else the sample beside this module). */
export function loadRegister(path: string = defaultRegisterPath): Promise<Register> {
  return readDataFile(path, registerSchema, "register file");
}

/** What event validation asks of the register. */
export interface RegisterLookup {
  siteOperator(siteId: string): string | undefined;
  hasOperator(operatorId: string): boolean;
  /** Whether the register lists this gate for this site. */
  siteHasGate(siteId: string, gateId: string): boolean;
}

/** What event validation needs: which operator runs a site, which operators exist, and each site's gates. */
export function registerLookup(register: Register): RegisterLookup {
  const siteOperators = new Map(register.sites.map((site) => [site.site_id, site.operator_id]));
  const operators = new Set(register.operators.map((operator) => operator.operator_id));
  const siteGates = new Map(register.sites.map((site) => [site.site_id, new Set(site.gates)]));
  return {
    siteOperator: (siteId) => siteOperators.get(siteId),
    hasOperator: (operatorId) => operators.has(operatorId),
    siteHasGate: (siteId, gateId) => siteGates.get(siteId)?.has(gateId) ?? false,
  };
}

/** The capacity approved for a site on a local date: the latest entry whose `from` is on or before it. */
export function capacityOn(site: Pick<Site, "capacity">, date: string): Capacity | undefined {
  let inForce: Capacity | undefined;
  for (const entry of site.capacity ?? []) if (entry.from <= date) inForce = entry;
  return inForce;
}
