/**
 * The disclosure rule against differencing, over random alliances: every figure a token can fetch
 * (every span of a few weeks, whole or cut at an hour of its last day, every scope and breakdown it
 * may open) is judged by the product's rule; then no shown figure, and no difference of two shown
 * figures, may equal the revenue of fewer than three operators (for an operator's token: fewer
 * than three others, with or without its own) over any span, cut or not, and any set of sites.
 * Revenue is random and large (about 2^50 fen an entry, in BigInt), so an equality by coincidence
 * is negligible: an equal value is the same sum of entries.
 */
import { describe, expect, it } from "vitest";
import { type FigureCells, type RevenueDisclosure, type Role, disclosureThreshold, publicationRule } from "./disclosure.ts";
import { mulberry32 } from "../../ingest/simulate/rng.ts";

interface Alliance {
  towns: number;
  /** Each site's town and the operator the register names for it. */
  sites: { town: number; operator: number }[];
  operators: number;
  /** Who sells at each site: its own operator, and at some sites another one too. */
  sellers: number[][];
  days: number;
  /** revenue[day][half][site][operator]: 0n when that operator sold nothing there then (a gap). */
  revenue: bigint[][][][];
  /** Sets of sites a festival might cover. */
  festivals: number[][];
}

function randomAlliance(seed: number): Alliance {
  const random = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const towns = int(2, 3);
  const operators = int(4, 8);
  const sites = Array.from({ length: int(operators, 9) }, (_, i) => ({ town: i < towns ? i : int(0, towns - 1), operator: i % operators }));
  const sellers = sites.map((site) => {
    const other = int(0, operators - 1);
    return random() < 0.25 && other !== site.operator ? [site.operator, other] : [site.operator];
  });
  const days = 10;
  const presence = 0.3 + random() * 0.6;
  const large = () => (1n << 50n) + BigInt(Math.floor(random() * 2 ** 30)) * (1n << 20n) + BigInt(Math.floor(random() * 2 ** 20));
  const revenue = Array.from({ length: days }, () =>
    [0, 1].map(() => sites.map((_, s) => Array.from({ length: operators }, (_, o) => (sellers[s]!.includes(o) && random() < presence ? large() : 0n)))),
  );
  const festivals = [0, 1].map(() => sites.flatMap((_, s) => (random() < 0.5 ? [s] : [])));
  return { towns, sites, operators, sellers, days, revenue, festivals };
}

/** A figure: the entries it sums. `operator`: a breakdown row of one operator (its sites are not named). */
interface Figure {
  name: string;
  sites: number[];
  operator: number | null;
  first: number;
  last: number;
  /** Counted only up to noon of its last day (a bulletin's hour, or a day not over yet). */
  cut: boolean;
}

const halvesOf = (f: Pick<Figure, "last" | "cut">, day: number) => (f.cut && day === f.last ? [0] : [0, 1]);

/** The entries a figure sums that hold revenue. */
function* entriesOf(a: Alliance, f: Figure): Generator<{ day: number; site: number; operator: number; fen: bigint }> {
  for (let day = f.first; day <= f.last; day++)
    for (const h of halvesOf(f, day))
      for (const site of f.sites)
        for (let operator = 0; operator < a.operators; operator++) {
          const fen = a.revenue[day]![h]![site]![operator]!;
          if (fen !== 0n && (f.operator ?? operator) === operator) yield { day, site, operator, fen };
        }
}

const revenueOf = (a: Alliance, f: Figure) => [...entriesOf(a, f)].reduce((sum, e) => sum + e.fen, 0n);
const contributorsOf = (a: Alliance, f: Figure) => new Set([...entriesOf(a, f)].map((e) => e.operator));

/** What the engine gathers of a figure for the rule, from the definition: cells of (day × area), area a town for a planner, the alliance for an operator. */
function cellsOf(a: Alliance, f: Figure, who: Role): FigureCells {
  const cells = new Map<string, Set<number>>();
  for (const e of entriesOf(a, f)) {
    if (who.role === "operator" && String(e.operator) === who.operator_id) continue;
    const cell = `${e.day} ${who.role === "planner" ? a.sites[e.site]!.town : "alliance"}`;
    cells.set(cell, (cells.get(cell) ?? new Set()).add(e.operator));
  }
  const unsafeCells = [...cells.values()].filter((sellers) => sellers.size < disclosureThreshold).length;
  return { sites: f.operator === null ? f.sites.map(String) : null, partial: f.cut, unsafeCells, otherCells: cells.size };
}

/** Every figure `who` can fetch: the scopes and breakdowns the access policy lets it open, over every span. */
function fetchable(a: Alliance, who: Role): Figure[] {
  const all = a.sites.map((_, s) => s);
  const runBy = (o: number) => all.filter((s) => a.sites[s]!.operator === o);
  const sellersAt = (sites: number[]) => [...new Set(sites.flatMap((s) => a.sellers[s]!))];
  type Scope = { name: string; sites: number[]; bySite: boolean; byOperator: boolean };
  const scopes: Scope[] =
    who.role === "planner"
      ? [
          { name: "alliance", sites: all, bySite: true, byOperator: true },
          ...Array.from({ length: a.towns }, (_, t) => ({
            name: `town ${t}`,
            sites: all.filter((s) => a.sites[s]!.town === t),
            bySite: true,
            byOperator: true,
          })),
          ...Array.from({ length: a.operators }, (_, o) => ({ name: `operator ${o}`, sites: runBy(o), bySite: true, byOperator: true })),
          ...all.map((s) => ({ name: `site ${s}`, sites: [s], bySite: false, byOperator: true })),
          ...a.festivals.map((sites, i) => ({ name: `festival ${i}`, sites, bySite: true, byOperator: true })),
        ]
      : [
          { name: "alliance", sites: all, bySite: false, byOperator: false },
          { name: "own operator", sites: runBy(Number(who.operator_id)), bySite: true, byOperator: false },
          ...runBy(Number(who.operator_id)).map((s) => ({ name: `own site ${s}`, sites: [s], bySite: false, byOperator: false })),
          // A festival over the alliance: its sites, the bulletin's own site lines among them.
          ...a.festivals.map((sites, i) => ({ name: `festival ${i}`, sites, bySite: false, byOperator: false })),
        ];
  const figures: Figure[] = [];
  for (let first = 0; first < a.days; first++)
    for (let last = first; last < a.days; last++)
      for (const cut of [false, true])
        for (const scope of scopes) {
          if (scope.sites.length === 0) continue;
          const span = { first, last, cut, operator: null };
          figures.push({ ...span, name: scope.name, sites: scope.sites });
          if (scope.bySite) for (const s of scope.sites) figures.push({ ...span, name: `${scope.name} site ${s}`, sites: [s] });
          if (scope.byOperator)
            for (const o of sellersAt(scope.sites)) figures.push({ ...span, name: `${scope.name} operator ${o}`, sites: scope.sites, operator: o });
        }
  return figures;
}

/**
 * The revenue of every group of one or two operators (other than the asking one) over every span,
 * cut or not, and every set of sites; for an operator's token also with its own revenue over the
 * same span and sites added (it knows its own, so that sum gives the others' away too).
 */
function smallGroupRevenues(a: Alliance, who: Role): Set<bigint> {
  const self = who.role === "operator" ? Number(who.operator_id) : null;
  const others = Array.from({ length: a.operators }, (_, o) => o).filter((o) => o !== self);
  const groups: number[][] = [];
  for (let i = 0; i < others.length; i++) {
    groups.push([others[i]!]);
    for (let j = i + 1; j < others.length; j++) groups.push([others[i]!, others[j]!]);
  }
  const values = new Set<bigint>();
  for (const group of groups) {
    // Sites where neither the group nor the asking operator sells add nothing to any sum.
    const sites = a.sites.map((_, s) => s).filter((s) => a.sellers[s]!.some((o) => group.includes(o) || o === self));
    const sum = (day: number, halves: number[], s: number, of: readonly number[]) =>
      halves.reduce((x, h) => x + of.reduce((y, o) => y + a.revenue[day]![h]![s]![o]!, 0n), 0n);
    for (let first = 0; first < a.days; first++) {
      const whole = sites.map(() => ({ group: 0n, own: 0n }));
      for (let last = first; last < a.days; last++) {
        for (const halves of [[0], [0, 1]]) {
          const at = whole.map((w, i) => ({
            group: w.group + sum(last, halves, sites[i]!, group),
            own: w.own + (self === null ? 0n : sum(last, halves, sites[i]!, [self])),
          }));
          // Every set of the sites, each sum from a smaller set's.
          const subset = Array.from({ length: 1 << sites.length }, () => ({ group: 0n, own: 0n }));
          for (let mask = 1; mask < 1 << sites.length; mask++) {
            const low = at[31 - Math.clz32(mask & -mask)]!;
            const rest = subset[mask & (mask - 1)]!;
            const here = { group: rest.group + low.group, own: rest.own + low.own };
            subset[mask] = here;
            if (here.group !== 0n) values.add(here.group).add(here.group + here.own);
          }
          if (halves.length === 2) whole.splice(0, whole.length, ...at);
        }
      }
    }
  }
  return values;
}

type Judge = (who: Role, figure: FigureCells, contributors: Set<number>, sites: { site_id: string; town_id: string }[]) => RevenueDisclosure;

/** The product's rule. */
const cellRule: Judge = (who, figure, _contributors, sites) => publicationRule(who, sites).revenue(figure);

/** The threshold rule judged per figure from its contributors' union, as it stood before cells: it must be caught. */
const perFigureRule: Judge = (who, _figure, contributors) => {
  const others = [...contributors].filter((o) => who.role === "planner" || String(o) !== who.operator_id).length;
  const shown = who.role === "planner" ? others >= disclosureThreshold : others === 0 || others >= disclosureThreshold;
  return shown ? { shown: true } : { shown: false, reason: "threshold" };
};

/** Pairs of shown figures (and single ones) whose difference is a small group's revenue. */
function leaks(seed: number, who: (a: Alliance) => Role, judge: Judge): { shown: number; leaks: string[] } {
  const a = randomAlliance(seed);
  const role = who(a);
  const sites = a.sites.map((s, i) => ({ site_id: String(i), town_id: String(s.town) }));
  const shown = fetchable(a, role).filter((f) => judge(role, cellsOf(a, f, role), contributorsOf(a, f), sites).shown);
  const small = smallGroupRevenues(a, role);
  const values = shown.map((f) => revenueOf(a, f));
  const found: string[] = [];
  const span = (f: Figure) => `${f.name} days ${f.first}–${f.last}${f.cut ? " to noon" : ""}`;
  for (let i = 0; i < shown.length && found.length < 3; i++) {
    if (small.has(values[i]!)) found.push(`seed ${seed}: ${span(shown[i]!)}`);
    for (let j = i + 1; j < shown.length && found.length < 3; j++) {
      const d = values[i]! - values[j]!;
      if (d !== 0n && small.has(d < 0n ? -d : d)) found.push(`seed ${seed}: ${span(shown[i]!)} − ${span(shown[j]!)}`);
    }
  }
  return { shown: shown.length, leaks: found };
}

const planner = (): Role => ({ role: "planner" });
const anOperator = (a: Alliance): Role => ({ role: "operator", operator_id: String(a.sites[0]!.operator) });
const seeds = Array.from({ length: 30 }, (_, i) => 1000 + i);

describe("the disclosure rule against differencing, over random alliances", () => {
  it("gives a planner no figure and no difference of two figures that is fewer than three operators' revenue", () => {
    let shown = 0;
    for (const seed of seeds) {
      const result = leaks(seed, planner, cellRule);
      expect(result.leaks).toEqual([]);
      shown += result.shown;
    }
    // The check has figures to compare: a rule that showed nothing would pass it idly.
    expect(shown).toBeGreaterThan(seeds.length * 20);
  });

  it("gives an operator no figure and no difference that is fewer than three other operators' revenue, its own aside", () => {
    let shown = 0;
    for (const seed of seeds) {
      const result = leaks(seed, anOperator, cellRule);
      expect(result.leaks).toEqual([]);
      shown += result.shown;
    }
    expect(shown).toBeGreaterThan(seeds.length * 20);
  });

  it("catches the threshold rule judged per figure, for both roles", () => {
    const caught = (who: (a: Alliance) => Role) => seeds.slice(0, 10).flatMap((seed) => leaks(seed, who, perFigureRule).leaks);
    expect(caught(planner).length).toBeGreaterThan(0);
    expect(caught(anOperator).length).toBeGreaterThan(0);
  });
});
