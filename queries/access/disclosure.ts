/**
 * The disclosure rule for revenue, in publication cells. Revenue is published per cell of
 * (local day × area), where the areas are the finest scope the role may open: a town for a
 * planner, the whole alliance for an operator (it may open no town). A cell is safe for a role when
 * the operators that contributed to it (had sales or refunds in it; an operator's token leaves
 * itself out) are none or at least `disclosureThreshold`. A figure's revenue is shown to a role
 * only when it is a union of whole cells (whole areas over whole, finished days) that are all safe,
 * or, to an operator, when no other operator contributed to it (its own revenue).
 *
 * Why cells: every difference of two shown figures is then a signed sum of whole safe cells, or of
 * the asking operator's own revenue, so no difference of figures one token can fetch (a span and
 * the span a day shorter, a town and a part of it, the alliance and two of its towns, the same day
 * at two hours) isolates fewer than `disclosureThreshold` operators.
 */

/**
 * The threshold rule of official statistics: revenue is published only for cells to which at
 * least this many operators contributed, so that no single operator's revenue can be read off it.
 */
export const disclosureThreshold = 3;

/** Whether one revenue figure may be shown, and if not, why (in words, for API and CLI). */
export type RevenueDisclosure = { shown: true } | { shown: false; reason: string };

/** What the engine gathers per figure for the rule, as statement parameters. */
export interface CellQuery {
  /** Each site of the register (`sites[i]`) and its area (`areas[i]`). */
  sites: string[];
  areas: string[];
  /** The asking operator, left out of every cell's count ('' for a planner). */
  self: string;
  threshold: number;
  /** The cells decide only figures of whole areas (a planner's): figures none of which is one need none gathered. */
  wholeAreasOnly: boolean;
}

/** What the rule reads of one figure. */
export interface FigureCells {
  /** The sites the figure sums; null when not known (a breakdown row per operator), which is never a whole area. */
  sites: readonly string[] | null;
  /** Some day of it is counted only in part: cut at an hour, or not over yet. */
  partial: boolean;
  /**
   * Its cells in which 1 to threshold − 1 operators (other than the asking one) contributed; both
   * counts 0 when none were gathered (see CellQuery.wholeAreasOnly).
   */
  unsafeCells: number;
  /** Its cells in which some operator other than the asking one contributed. */
  otherCells: number;
}

/** A figure to which nothing was gathered: the staff path, and periods without dates. */
export const noCells = (sites: readonly string[] | null, partial: boolean): FigureCells => ({ sites, partial, unsafeCells: 0, otherCells: 0 });

/** What the rule needs of each site of the register. */
export interface SitePlace {
  site_id: string;
  town_id: string;
}

export type Role = { role: "planner" } | { role: "operator"; operator_id: string };

/** The rule for one non-staff role over a register: what to gather, and the judgement of a figure. */
export interface PublicationRule {
  cells: CellQuery;
  revenue(figure: FigureCells): RevenueDisclosure;
}

/** Why a figure's revenue is withheld, in the words the answers give (`revenue_withheld_reason`). */
export const withheldReasons = {
  plannerPart: "revenue is published for whole towns and the alliance only, not for a site, an operator or part of a town (disclosure rule)",
  operatorOthers: "other operators sold in this figure, which is neither your own nor the whole alliance (disclosure rule)",
  partialDay: "revenue is published for whole days only, and this figure counts a day in part (not over yet, or up to an hour)",
  plannerThreshold: `on some day of this figure fewer than ${disclosureThreshold} operators sold in a town (threshold rule, per town and day)`,
  operatorThreshold: `on some day of this figure fewer than ${disclosureThreshold} other operators sold (threshold rule, per day)`,
} as const;

export type WithheldReason = keyof typeof withheldReasons;

const withheld = (reason: WithheldReason): RevenueDisclosure => ({ shown: false, reason: withheldReasons[reason] });

/** Whether a figure's sites are every site of each area they touch, the areas as `cells` places the sites. */
export function wholeAreasOf(cells: Pick<CellQuery, "sites" | "areas">): (figureSites: readonly string[]) => boolean {
  const areaOf = new Map(cells.sites.map((site, i) => [site, cells.areas[i]!]));
  const areaSize = new Map<string, number>();
  for (const area of areaOf.values()) areaSize.set(area, (areaSize.get(area) ?? 0) + 1);
  return (figureSites) => {
    const counted = new Map<string, number>();
    for (const site of new Set(figureSites)) {
      const area = areaOf.get(site);
      if (area === undefined) return false;
      counted.set(area, (counted.get(area) ?? 0) + 1);
    }
    return [...counted].every(([area, n]) => areaSize.get(area) === n);
  };
}

export function publicationRule(who: Role, sites: readonly SitePlace[]): PublicationRule {
  const planner = who.role === "planner";
  const cells: CellQuery = {
    sites: sites.map((s) => s.site_id),
    areas: sites.map((s) => (planner ? s.town_id : "")),
    self: planner ? "" : who.operator_id,
    threshold: disclosureThreshold,
    wholeAreasOnly: planner,
  };
  const wholeAreas = wholeAreasOf(cells);
  return {
    cells,
    revenue(figure) {
      if (!planner && figure.otherCells === 0) return { shown: true };
      if (figure.sites === null || !wholeAreas(figure.sites)) return withheld(planner ? "plannerPart" : "operatorOthers");
      if (figure.partial) return withheld("partialDay");
      if (figure.unsafeCells > 0) return withheld(planner ? "plannerThreshold" : "operatorThreshold");
      return { shown: true };
    },
  };
}
