import { describe, expect, it } from "vitest";
import type { Alert } from "./alert-store.ts";
import { alertText, retryDelayMs, webhookBody } from "./webhooks.ts";

const alert: Alert = {
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
  raised_at: "2025-10-03T06:05:01.000Z",
  delivery_state: "pending",
  delivered_to: [],
  attempts: 0,
  next_attempt_at: "2025-10-03T06:05:01.000Z",
  last_error: "",
  acknowledged_by: "",
  acknowledged_at: null,
};

describe("webhook messages", () => {
  it("say site, figure against capacity, level and local time", () => {
    expect(alertText(alert, "廊下郊野公园")).toBe("【承载量预警】廊下郊野公园 在园人数 2,400 / 3,000（80.0%）达到预警线 80%，2025-10-03 14:05");
  });

  it("mark a late alert as not the present state", () => {
    expect(alertText({ ...alert, late: true, level: "normal" }, "廊下郊野公园")).toContain("恢复正常，2025-10-03 14:05（迟到数据，非当前状态）");
  });

  it("are a text message for WeCom and DingTalk robots, the alert itself for a generic hook", () => {
    expect(webhookBody("wecom", alert, "X")).toEqual({ msgtype: "text", text: { content: alertText(alert, "X") } });
    expect(webhookBody("dingtalk", alert, "X")).toEqual({ msgtype: "text", text: { content: alertText(alert, "X") } });
    expect(webhookBody("generic", alert, "X")).toMatchObject({ alert_id: "a1", level: "warning", site_name: "X" });
  });

  it("never hand a generic hook the other webhooks' addresses or failures", () => {
    const body = webhookBody("generic", { ...alert, delivered_to: ["https://qyapi.example/send?key=secret"], last_error: "webhook 2 (wecom): HTTP 503" }, "X");
    expect(JSON.stringify(body)).not.toMatch(/secret|webhook 2/);
    expect(body).not.toHaveProperty("delivered_to");
  });
});

describe("retryDelayMs", () => {
  it("doubles from 2 s and stops at 5 minutes", () => {
    expect([0, 1, 2, 3, 20].map(retryDelayMs)).toEqual([2000, 2000, 4000, 8000, 300_000]);
  });
});
