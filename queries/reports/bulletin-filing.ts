import { type Access, authorizeFiling } from "../access/access.ts";
import { ParamError } from "../access/param-error.ts";
import { archiveBulletin } from "./bulletin-archive.ts";
import { bulletinFigures } from "./bulletin.ts";
import type { ReportContext } from "./context.ts";
import type { BulletinParamsInput } from "./params.ts";
import type { ArchivedBulletin, BulletinFigures, BulletinNotCut } from "./schemas.ts";

const named = (d: BulletinNotCut) => [...d.sites.map((s) => s.id), ...(d.other_sites > 0 ? [`${d.other_sites} other sites`] : [])].join(", ");

/** Refuses to file a bulletin whose counts could not all be cut at its hour, naming the sites, unless the filer confirmed it. */
export function checkFileable(figures: BulletinFigures, acceptIncomplete: boolean): void {
  if (figures.not_cut.length === 0 || acceptIncomplete) return;
  const days = figures.not_cut.map((d) => `${d.date}: ${named(d)}`).join("; ");
  throw new ParamError(
    "accept_incomplete",
    `the gate counts of ${days} cannot be cut at ${figures.as_of} (only counts spanning it, or none before it): the bulletin is incomplete; confirm to file it as it is (--accept-incomplete)`,
  );
}

/** How a bulletin is filed: its text as the presentation writes it, and whether an incomplete one was confirmed. */
export interface Filing {
  text: (figures: BulletinFigures) => string;
  acceptIncomplete: boolean;
}

/** Computes a bulletin and files it as sent (staff only), unless it is incomplete at its hour and not confirmed. */
export async function fileBulletin(ctx: ReportContext, access: Access, params: BulletinParamsInput, today: string, filing: Filing): Promise<ArchivedBulletin> {
  authorizeFiling(access);
  const figures = await bulletinFigures(ctx, access, params, today);
  checkFileable(figures, filing.acceptIncomplete);
  return archiveBulletin(ctx.warehouse, access, figures, params.lang, filing.text(figures));
}
