import { openEmbeddedWarehouse } from "../infra/warehouse/embedded.ts";
import { z } from "../node_modules/zod/index.js";
const w = await openEmbeddedWarehouse("/tmp/lead-demo", "tourism");
// Independent model: whole days before D, plus D's events strictly before D HH:00 +08:00.
async function figures(days: string[], cutDay: string, hour: string) {
  const cut = `${cutDay} ${hour}:00`;
  const v = await w.query(
    `SELECT toString(sum(count)) AS n FROM footfall_events WHERE direction = 'in' AND (local_date IN {whole:Array(Date)} OR (local_date = {d:Date} AND occurred_at < toDateTime64({cut:String}, 3, 'Asia/Shanghai')))`,
    { whole: days.filter((x) => x !== cutDay), d: cutDay, cut },
    z.object({ n: z.string() }),
  );
  const r = await w.query(
    `SELECT toString(sumIf(amount_fen, action = 'sale') - sumIf(amount_fen, action = 'refund')) AS n FROM ticket_events WHERE (local_date IN {whole:Array(Date)} OR (local_date = {d:Date} AND occurred_at < toDateTime64({cut:String}, 3, 'Asia/Shanghai')))`,
    { whole: days.filter((x) => x !== cutDay), d: cutDay, cut },
    z.object({ n: z.string() }),
  );
  return { visitors: Number(v[0]!.n), revenue_fen: Number(r[0]!.n) };
}
const cases: [string, string[], string[], string][] = [
  ["3787bb", ["2025-05-01", "2025-05-02", "2025-05-03"], ["2024-05-01", "2024-05-02", "2024-05-03"], "12"],
  ["df6e3c", ["2025-10-01", "2025-10-02"], ["2024-09-15", "2024-09-16"], "17"],
  ["f8f538", ["2025-04-04"], ["2024-04-04"], "12"],
  ["0880f6", ["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"], ["2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13"], "12"],
  ["8129e2", ["2026-10-01", "2026-10-02", "2026-10-03"], ["2025-10-01", "2025-10-02", "2025-10-03"], "12"],
];
const fs = await import("node:fs");
for (const [file, cur, prev, hour] of cases) {
  const b = JSON.parse(fs.readFileSync(`/tmp/bull-${file}.json`, "utf8"));
  const c = await figures(cur, cur.at(-1)!, hour);
  const p = await figures(prev, prev.at(-1)!, hour);
  const pct = (a: number, b: number) => Math.round(((a - b) / b) * 1000) / 10;
  console.log(
    file,
    b.holiday,
    b.date,
    b.as_of,
    "| bulletin",
    b.current.visitors,
    b.previous?.visitors,
    b.yoy.visitors_pct,
    b.current.revenue_fen,
    b.yoy.revenue_pct,
    "| model",
    c.visitors,
    p.visitors,
    pct(c.visitors, p.visitors),
    c.revenue_fen,
    pct(c.revenue_fen, p.revenue_fen),
    "prev parts",
    JSON.stringify(b.previous?.parts),
  );
}
await w.close();
