import { bulletinDateline, bulletinText, bulletinTitle } from "./bulletin-text.ts";
import type { BulletinFigures, BulletinLanguage } from "../reports/schemas.ts";
import { bulletinView } from "./bulletin-view.ts";
import { renderMarkdown } from "./tabular.ts";

export const docxMediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The bulletin in Markdown: the title as a heading, the office and date, the text, then its table. */
export function bulletinMarkdown(figures: BulletinFigures, lang: BulletinLanguage): string {
  return `## ${bulletinTitle(figures, lang)}\n\n${bulletinDateline(figures, lang)}\n\n${bulletinText(figures, lang)}\n\n${renderMarkdown(bulletinView(figures), lang)}`;
}

/** The lines above a bulletin's table in a spreadsheet: title, office and date, text. */
export function bulletinLead(figures: BulletinFigures, lang: BulletinLanguage): string[] {
  return [bulletinTitle(figures, lang), bulletinDateline(figures, lang), bulletinText(figures, lang)];
}
