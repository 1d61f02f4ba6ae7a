import type { HolidayCalendar } from "../../transforms/calendar/holidays.ts";
import type { TicketEvent } from "../contracts/events.ts";
import { hashKey, mulberry32 } from "./rng.ts";

/** What the simulator needs of a register site (structurally the register's `Site`). */
export interface SimSite {
  site_id: string;
  operator_id: string;
  town_id: string;
  kind: string;
  gates: string[];
  /** The register's opening hours ("HH:MM"), when it publishes them. */
  opening?: { from: string; to: string } | undefined;
}

/** A site's opening hours as local minutes of the day: [from, to). */
export interface Opening {
  from: number;
  to: number;
}

/** What the simulator needs of a festival (structurally the calendar's `Festival`). */
export interface SimFestival {
  festival_id: string;
  site_ids: string[];
  editions: { year: number; start: string; end: string }[];
}

export type TicketType = TicketEvent["ticket_type"];
export type Channel = TicketEvent["channel"];

/** One ticket on sale at a site: its list price and the share of visitors who hold it. */
export interface Offer {
  type: TicketType;
  priceFen: number;
  share: number;
  channels: Channel[];
}

export interface SiteProfile {
  siteId: string;
  operatorId: string;
  townId: string;
  gates: string[];
  /** Expected visitors on a plain working day in 2018 before the seasonal factors. */
  base: number;
  weekday: readonly number[];
  opening: Opening;
  offers: Offer[];
  channelShare: Record<Channel, number>;
  /** Growth of the site's level, year on year, from 2019 on (2018 = 1). */
  annualGrowth: number;
}

export interface FestivalPlan {
  festivalId: string;
  year: number;
  start: string;
  end: string;
  siteIds: string[];
}

export interface Scenario {
  name: string;
  /** The holiday calendar the demand follows (the one the reports read). */
  calendar: HolidayCalendar;
  profiles: SiteProfile[];
  festivals: FestivalPlan[];
  /** Site level per year overrides (e.g. the calibrated 2019 level); else compound annualGrowth. */
  levelOverride: Map<string, number>;
  /** Share of visitors on free tickets, per site and year, where it departs from the offer list. */
  freeShareOverride: Map<string, number>;
  /** Extra multiplier of a festival edition's peak day, keyed festival|year (default `peakBonus`). */
  peakOverride: Map<string, number>;
  /** A site's base demand where the calibration solved it, instead of the profile's. */
  baseOverride: Map<string, number>;
}

/** Month factors (Jan…Dec): spring blossom and autumn harvest are the high seasons. */
export const monthFactor = [0.55, 0.6, 0.95, 1.25, 1.15, 0.9, 0.85, 0.85, 0.95, 1.2, 1.05, 0.6] as const;
/** Mon…Sun for day-trip sites; stays (homestays, farm-stays) fill on Friday and Saturday nights. */
const dayTripWeek = [0.7, 0.65, 0.65, 0.7, 0.85, 1.6, 1.45] as const;
const stayWeek = [0.35, 0.3, 0.3, 0.4, 1.3, 1.8, 0.6] as const;

export const holidayFactor: Record<string, number> = {
  new_year: 1.4,
  spring_festival: 1.2,
  qingming: 2.4,
  labour_day: 2.6,
  dragon_boat: 2.0,
  mid_autumn: 2.0,
  national_day: 2.8,
};
/** Festival days draw more; an edition's peak day (its busiest) draws `peakBonus` more again. */
export const festivalFactor = 1.3;
export const peakBonus = 1.6;
export const refundRate = 0.02;

type SiteClass = "park" | "farm" | "farmstay" | "homestay" | "coop";

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Opening hours by kind of site, for a site whose register entry publishes none. */
const defaultOpening: Record<SiteClass, { from: string; to: string }> = {
  park: { from: "08:30", to: "17:30" },
  farm: { from: "09:00", to: "17:00" },
  coop: { from: "09:00", to: "16:30" },
  farmstay: { from: "09:00", to: "18:00" },
  homestay: { from: "12:00", to: "21:00" },
};

/** The one place the simulator learns a site's opening hours: the register's, else its kind's. */
export function siteOpening(site: SimSite): Opening {
  const hours = site.opening ?? defaultOpening[siteClass(site.kind)];
  return { from: minuteOf(hours.from), to: minuteOf(hours.to) };
}

function siteClass(kind: string): SiteClass {
  const k = kind.toLowerCase();
  if (/park|scenic|garden|公园|景区/.test(k)) return "park";
  if (/home[-_ ]?stay|民宿|guesthouse/.test(k)) return "homestay";
  if (/farm[-_ ]?stay|resort|农家乐|度假/.test(k)) return "farmstay";
  if (/co-?op|合作社|cooperative/.test(k)) return "coop";
  return "farm";
}

const yuan = (y: number) => y * 100;

/** Site-specific parameters drawn from the site id alone: the same for every seed. */
function profileFor(site: SimSite): SiteProfile {
  const draw = mulberry32(hashKey(["profile", site.site_id]));
  const pick = (lo: number, hi: number, step: number) => lo + step * Math.floor(draw() * ((hi - lo) / step + 1));
  const cls = siteClass(site.kind);
  const common = {
    siteId: site.site_id,
    operatorId: site.operator_id,
    townId: site.town_id,
    gates: site.gates,
    opening: siteOpening(site),
    annualGrowth: 0.03 + draw() * 0.1,
  };
  switch (cls) {
    case "park": {
      const adult = pick(40, 80, 5);
      return {
        ...common,
        base: pick(300, 700, 50),
        weekday: dayTripWeek,
        offers: [
          { type: "adult", priceFen: yuan(adult), share: 0.7, channels: ["onsite", "online", "ota"] },
          { type: "child", priceFen: yuan(adult / 2), share: 0.18, channels: ["onsite"] },
          // Children under 1.2 m, people over 70 and the disabled enter free, on a free ticket.
          { type: "free", priceFen: 0, share: 0.12, channels: ["onsite"] },
        ],
        channelShare: { onsite: 0.5, online: 0.3, ota: 0.2, group: 0 },
      };
    }
    case "farm":
      return {
        ...common,
        base: pick(30, 110, 10),
        weekday: dayTripWeek,
        // Picking farms: children walk in with their parents without a ticket.
        offers: [{ type: "adult", priceFen: yuan(pick(30, 60, 5)), share: 1, channels: ["onsite", "online"] }],
        channelShare: { onsite: 0.7, online: 0.3, ota: 0, group: 0 },
      };
    case "coop":
      return {
        ...common,
        base: pick(20, 70, 10),
        weekday: dayTripWeek,
        // Hands-on activities (farming, crafts) sold as "other"; groups book ahead.
        offers: [{ type: "other", priceFen: yuan(pick(60, 120, 10)), share: 1, channels: ["onsite", "group"] }],
        channelShare: { onsite: 0.75, online: 0, ota: 0, group: 0.25 },
      };
    case "farmstay":
      return {
        ...common,
        base: pick(12, 36, 4),
        weekday: stayWeek,
        offers: [{ type: "package", priceFen: yuan(pick(300, 520, 20)), share: 1, channels: ["online", "ota"] }],
        channelShare: { onsite: 0, online: 0.4, ota: 0.6, group: 0 },
      };
    case "homestay":
      return {
        ...common,
        base: pick(6, 16, 2),
        weekday: stayWeek,
        offers: [{ type: "package", priceFen: yuan(pick(320, 680, 20)), share: 1, channels: ["ota", "online"] }],
        channelShare: { onsite: 0, online: 0.35, ota: 0.65, group: 0 },
      };
  }
}

export function festivalPlans(festivals: readonly SimFestival[]): FestivalPlan[] {
  return festivals.flatMap((f) => f.editions.map((e) => ({ festivalId: f.festival_id, year: e.year, start: e.start, end: e.end, siteIds: f.site_ids })));
}

/** The uncalibrated scenario for a register and its festivals. */
export function baseScenario(name: string, sites: readonly SimSite[], festivals: readonly SimFestival[], calendar: HolidayCalendar): Scenario {
  return {
    name,
    calendar,
    profiles: sites.map(profileFor),
    festivals: festivalPlans(festivals),
    levelOverride: new Map(),
    freeShareOverride: new Map(),
    peakOverride: new Map(),
    baseOverride: new Map(),
  };
}

export const siteYear = (siteId: string, year: number) => `${siteId}|${year}`;
export const festivalYear = (festivalId: string, year: number) => `${festivalId}|${year}`;
