import type { BulletinFigures, BulletinLine } from "../reports/schemas.ts";
import { pct, revenueCell, revenueNote, scopeTitle } from "./labels.ts";
import type { Cell, Column, Tabular } from "./tabular.ts";

const columns: Column[] = [
  { key: "level", zh: "层级", en: "level" },
  { key: "id", zh: "编号", en: "id", machine: true },
  { key: "name", zh: "名称", en: "name" },
  { key: "visitors", zh: "累计接待游客(人次)", en: "visitors" },
  { key: "visitors_pct", zh: "游客同比%", en: "visitors %" },
  { key: "revenue_cny", zh: "旅游收入(元)", en: "revenue CNY" },
  { key: "revenue_pct", zh: "收入同比%", en: "revenue %" },
];

function row(level: string, l: Pick<BulletinLine, "id" | "name_zh" | "current" | "yoy">): Record<string, Cell> {
  return {
    level,
    id: l.id,
    name: l.name_zh,
    visitors: l.current.visitors,
    visitors_pct: pct(l.yoy.visitors_pct),
    revenue_cny: revenueCell(l.current.revenue_cny, l.current.revenue_withheld),
    revenue_pct: revenueCell(pct(l.yoy.revenue_pct), l.current.revenue_withheld),
  };
}

/** The bulletin's figures as one table: the scope, its towns, its main sites. */
export function bulletinView(f: BulletinFigures): Tabular {
  const rows = [
    row("合计 total", { id: f.scope.id ?? "alliance", name_zh: f.scope.name_zh, current: f.current, yoy: f.yoy }),
    ...f.towns.map((t) => row("镇 town", t)),
    ...f.sites.map((s) => row("景区 site", s)),
  ];
  const notes = [`截至 As of ${f.date} ${f.as_of}; 假期第 ${f.day}/${f.holiday_days} 天 day ${f.day} of ${f.holiday_days}`];
  if (!f.comparable && f.previous) {
    notes.push(`按可比口径：同比比较假期前 ${f.compared_days} 天 Comparable basis: year on year over the first ${f.compared_days} days.`);
  }
  notes.push(...revenueNote([f.current, ...f.towns.map((t) => t.current), ...f.sites.map((s) => s.current)].map((c) => c.revenue_withheld_reason)));
  return { title: `${f.name_zh} ${f.holiday} ${f.year} — ${scopeTitle(f.scope)}`, columns, rows, notes };
}
