import { describe, expect, it } from "vitest";
import type { AlertFacts } from "./alert-store.ts";
import { alertLine } from "./alert-wording.ts";

const park = { name: "廊下郊野公园", town: "廊下镇" };
const alert = (change: Partial<AlertFacts>): AlertFacts => ({
  alert_id: "a1",
  occurred_at: "2025-10-03T06:05:00.000Z",
  local_date: "2025-10-03",
  site_id: "langxia-country-park",
  measure: "instant",
  level: "warning",
  previous_level: "normal",
  crossing: 1,
  figure: 2400,
  capacity: 3000,
  late: false,
  ...change,
});

describe("an alert's line says where, how full, since when and what to do", () => {
  it("people inside at 80 %: start the contingency plan and stop selling tickets", () => {
    expect(alertLine(alert({}), park)).toBe("廊下镇 廊下郊野公园：在园人数 2,400 / 3,000（80.0%），14:05 达到预警线 80%，启动预案、暂停售票。");
  });

  it("people inside at 100 % and beyond: the share as it is, limit and divert", () => {
    expect(alertLine(alert({ level: "full", previous_level: "warning", figure: 11_040 }), park)).toBe(
      "廊下镇 廊下郊野公园：在园人数 11,040 / 3,000（368.0%），14:05 已达最大承载量，立即限流、分流。",
    );
  });

  it("the day's entries at 80 %: announce and hold bookings; at 100 %: stop the day's entries", () => {
    const daily = { measure: "daily" as const, capacity: 6000 };
    expect(alertLine(alert({ ...daily, figure: 4800 }), park)).toContain("今日入园 4,800 / 6,000（80.0%），14:05 达到预警线 80%，提前公告、控制预约。");
    expect(alertLine(alert({ ...daily, level: "full", figure: 6000 }), park)).toContain(
      "今日入园 6,000 / 6,000（100.0%），14:05 已达日最大承载量，停止当日入园。",
    );
  });

  it("a recovery says so plainly, and a fall from full below 95 % that the warning's measures still hold", () => {
    expect(alertLine(alert({ level: "normal", previous_level: "warning", figure: 2100 }), park)).toBe(
      "廊下镇 廊下郊野公园：在园人数 2,100 / 3,000（70.0%），14:05 回落到 75% 以下，已恢复正常。",
    );
    expect(alertLine(alert({ level: "warning", previous_level: "full", figure: 2700 }), park)).toContain(
      "（90.0%），14:05 回落到 95% 以下，仍在预警线以上，启动预案、暂停售票。",
    );
  });
});
