import { describe, expect, it } from "vitest";
import { webhookSettings } from "../../infra/alert-webhook-settings.ts";
import type { LateCrossing } from "./alert-store.ts";
import { alertDigest, digestBody, digestDueAt, digestText } from "./digest.ts";

const crossing = (local_date: string, site_id: string, level: LateCrossing["level"], raised_at = "2025-10-03T06:00:00.000Z"): LateCrossing => ({
  alert_id: `${site_id}-${local_date}-${level}`,
  local_date,
  site_id,
  level,
  raised_at,
  retry_at: "1970-01-01T00:00:00.000Z",
  tries: 0,
});
const names: Record<string, string> = { a: "甲园", b: "乙园", c: "丙园", d: "丁园" };
const name = (id: string) => names[id] ?? id;

describe("a digest of late crossings", () => {
  it("counts crossings, days and sites, names three sites at most, and says the worst level", () => {
    const digest = alertDigest(
      [
        crossing("2025-09-02", "b", "warning"),
        crossing("2025-09-01", "a", "full"),
        crossing("2025-09-02", "d", "normal"),
        crossing("2025-09-05", "c", "warning"),
      ],
      name,
    );
    expect(digest).toMatchObject({ crossings: 4, first_day: "2025-09-01", last_day: "2025-09-05", days: 3, worst_level: "full" });
    expect(digestText(digest)).toBe(
      "【承载量补录】迟到数据，非当前状态：2025-09-01 至 2025-09-05 间的 3 天，甲园、乙园、丙园等 4 个景点共 4 次承载量级别变化，最高已满 100%。" +
        "不逐条推送，明细：tourism alerts --since 2025-09-01T00:00",
    );
  });

  it("reads true for one past day of recoveries, and never says today", () => {
    const text = digestText(alertDigest([crossing("2025-09-01", "a", "normal")], name));
    expect(text).toContain("2025-09-01 一天，甲园共 1 次承载量级别变化，均已恢复正常。");
    expect(text).not.toContain("今日");
  });

  it("is a text message for robots, after the keyword and mentioning nobody (it is history), and the counts for a generic hook", () => {
    const digest = alertDigest([crossing("2025-09-01", "a", "full")], name);
    const hook = (format: "wecom" | "dingtalk" | "generic") => webhookSettings({ format, url: "https://x.example/h", keyword: "预警" });
    const robot = (format: "wecom" | "dingtalk") =>
      webhookSettings({ format, url: "https://x.example/h", keyword: "预警", mobiles: ["13800000000"], at_all: true });
    expect(digestBody(robot("wecom"), digest)).toEqual({ msgtype: "text", text: { content: `预警 ${digestText(digest)}` } });
    expect(digestBody(robot("dingtalk"), digest)).toEqual({
      msgtype: "text",
      text: { content: `预警 ${digestText(digest)}` },
      at: { atMobiles: [], isAtAll: false },
    });
    expect(digestBody(hook("generic"), digest)).toMatchObject({ type: "alert_digest", crossings: 1, sites: [{ site_id: "a", site_name: "甲园" }] });
  });
});

describe("digestDueAt", () => {
  it("waits a window from the oldest crossing, and for any crossing still backing off", () => {
    const oldest = Date.parse("2025-10-03T06:00:00.000Z");
    const backlog = [crossing("2025-09-01", "a", "full"), crossing("2025-09-02", "a", "full", "2025-10-03T06:05:00.000Z")];
    expect(digestDueAt(backlog, 600_000)).toBe(oldest + 600_000);
    expect(digestDueAt([...backlog, { ...backlog[0]!, retry_at: "2025-10-03T07:00:00.000Z" }], 600_000)).toBe(Date.parse("2025-10-03T07:00:00.000Z"));
  });

  it("folds a backfill of years, more crossings than a call takes arguments", () => {
    const backlog = Array.from({ length: 300_000 }, (_, i) => crossing("2019-01-01", "a", i === 7 ? "full" : "warning"));
    expect(digestDueAt(backlog, 1000)).toBe(Date.parse("2025-10-03T06:00:01.000Z"));
    expect(alertDigest(backlog, name)).toMatchObject({ crossings: 300_000, worst_level: "full" });
  });
});
