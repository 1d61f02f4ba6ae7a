import type { BulletinFigures, BulletinLine } from "../reports/schemas.ts";
import { holidayName } from "./names.ts";
import { column, nameOf, revenueCell, revenueNote, scopeTitle } from "./labels.ts";
import { type Cell, type Column, type Tabular, type Words, words } from "./tabular.ts";

const columns: Column[] = [
  column("level", "text", "层级", "Level"),
  column("name", "name", "名称", "Name"),
  column("id", "id", "编号", "ID"),
  column("visitors", "count", "累计接待游客", "Visitors"),
  column("visitors_pct", "change", "游客同比", "Visitors YoY"),
  column("revenue", "money", "旅游收入", "Revenue"),
  column("revenue_pct", "change", "收入同比", "Revenue YoY"),
];

function row(level: Words, l: Pick<BulletinLine, "id" | "name_zh" | "name_en" | "current" | "yoy">): Record<string, Cell> {
  return {
    level,
    name: nameOf(l),
    id: l.id,
    visitors: l.current.visitors,
    visitors_pct: l.yoy.visitors_pct,
    revenue: revenueCell(l.current.revenue_fen, l.current.revenue_withheld),
    revenue_pct: revenueCell(l.yoy.revenue_pct, l.current.revenue_withheld),
  };
}

/** The bulletin's figures as one table: the scope, its towns, its main sites. */
export function bulletinView(f: BulletinFigures): Tabular {
  const rows = [
    row(words("合计", "Total"), { id: f.scope.id ?? "alliance", name_zh: f.scope.name_zh, name_en: f.scope.name_en, current: f.current, yoy: f.yoy }),
    ...f.towns.map((t) => row(words("镇", "Town"), t)),
    ...f.sites.map((s) => row(words("景区", "Site"), s)),
  ];
  const notes = [words(`截至 ${f.date} ${f.as_of}；假期第 ${f.day}/${f.holiday_days} 天`, `As of ${f.date} ${f.as_of}; day ${f.day} of ${f.holiday_days}`)];
  if (!f.comparable && f.previous) {
    notes.push(words(`按可比口径：同比比较假期前 ${f.compared_days} 天。`, `Comparable basis: year on year over the first ${f.compared_days} days.`));
  }
  notes.push(...revenueNote([f.current, ...f.towns.map((t) => t.current), ...f.sites.map((s) => s.current)].map((c) => c.revenue_withheld_reason)));
  const title = scopeTitle(f.scope);
  return {
    title: words(`${f.year}年${holidayName("zh", f.holidays)}假日日报 — ${title.zh}`, `${holidayName("en", f.holidays)} ${f.year} bulletin — ${title.en}`),
    columns,
    rows,
    notes,
  };
}
