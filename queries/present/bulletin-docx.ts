import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { bulletinDateline, bulletinText, bulletinTitle } from "./bulletin-text.ts";
import type { BulletinFigures, BulletinLanguage } from "../reports/schemas.ts";
import { bulletinView } from "./bulletin-view.ts";
import { cellText } from "./tabular.ts";

/** Chinese text set in a font Word and WPS both have (宋体), Latin in Times New Roman. */
const font = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "SimSun" };

const run = (text: string, options: { bold?: boolean; size?: number } = {}) => new TextRun({ text, font, size: options.size ?? 24, bold: options.bold });

/**
 * The bulletin as a Word document (.docx, OOXML that Word and WPS open): the title centred, the
 * office and date under it, the text, then the table of the scope, its towns and main sites.
 */
export async function bulletinDocx(figures: BulletinFigures, lang: BulletinLanguage): Promise<Buffer> {
  const view = bulletinView(figures);
  const columns = view.columns.filter((c) => !c.fileOnly);
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [run(text, { bold, size: 20 })] })] });
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: columns.map((c) => cell(c.label[lang], true)) }),
      ...view.rows.map((row) => new TableRow({ children: columns.map((c) => cell(cellText(c, row[c.key], lang))) })),
    ],
  });
  const document = new Document({
    creator: figures.office || "tourism",
    title: bulletinTitle(figures, lang),
    sections: [
      {
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            children: [run(bulletinTitle(figures, lang), { bold: true, size: 32 })],
          }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(bulletinDateline(figures, lang))] }),
          new Paragraph({
            spacing: { after: 240, line: 360 },
            indent: lang === "zh" ? { firstLine: 480 } : undefined,
            children: [run(bulletinText(figures, lang))],
          }),
          table,
          ...view.notes.map((note) => new Paragraph({ children: [run(note[lang], { size: 18 })] })),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
