import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { webhookSettings } from "../../infra/alert-webhook-settings.ts";
import type { Alert } from "./alert-store.ts";
import { alertsBody } from "./robot-message.ts";

/** DingTalk's text message as its custom-robot documentation gives it (msgtype, text.content, at). */
const dingTalkText = z.strictObject({
  msgtype: z.literal("text"),
  text: z.strictObject({ content: z.string().min(1) }),
  at: z.strictObject({ atMobiles: z.array(z.string()), isAtAll: z.boolean() }),
});
/** WeCom's text message (群机器人配置说明): content at most 2048 bytes of UTF-8, mentions beside it. */
const weComText = z.strictObject({
  msgtype: z.literal("text"),
  text: z.strictObject({
    content: z.string().refine((text) => Buffer.byteLength(text, "utf8") <= 2048, "at most 2048 bytes"),
    mentioned_mobile_list: z.array(z.string()).optional(),
  }),
});

const sites: Record<string, { name: string; town: string }> = {
  park: { name: "廊下郊野公园", town: "廊下镇" },
  farm: { name: "云溪农场", town: "大云镇" },
};
const ctx = { site: (id: string) => sites[id]!, publicUrl: "https://tourism.example.org" };

let n = 0;
function alert(change: Partial<Alert> = {}): Alert {
  const at = DateTime.fromISO("2025-10-03T06:00:00.000Z", { zone: "utc" }).plus({ seconds: n++ });
  return {
    alert_id: `a${n}`,
    occurred_at: at.toISO()!,
    local_date: "2025-10-03",
    site_id: "park",
    measure: "instant",
    level: "warning",
    previous_level: "normal",
    crossing: 1,
    figure: 2400,
    capacity: 3000,
    late: false,
    raised_at: at.toISO()!,
    delivery_state: "pending",
    delivered_to: ["https://qyapi.example/send?key=other-hook-key"],
    attempts: 1,
    next_attempt_at: at.toISO()!,
    last_error: "webhook 2 (wecom): HTTP 503",
    acknowledged_by: "",
    acknowledged_at: null,
    ...change,
  };
}

const dingtalk = webhookSettings({
  format: "dingtalk",
  url: "https://oapi.dingtalk.com/robot/send?access_token=t",
  mobiles: ["13800000000", "13900000000"],
  keyword: "预警",
});
const wecom = webhookSettings({ format: "wecom", url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", mobiles: ["13800000000"], at_all: true });

describe("a DingTalk robot's message", () => {
  it("mentions the duty officers on a full-level alert, in `at` and in the content, after the keyword, town and link", () => {
    const body = dingTalkText.parse(alertsBody(dingtalk, [alert({ level: "full", previous_level: "warning", figure: 11_040 })], ctx));
    expect(body.at).toEqual({ atMobiles: ["13800000000", "13900000000"], isAtAll: false });
    expect(body.text.content).toBe(
      [
        "预警 【承载量预警】2025-10-03",
        "廊下镇 廊下郊野公园：在园人数 11,040 / 3,000（368.0%），14:00 已达最大承载量，立即限流、分流。",
        "实时看板：https://tourism.example.org/#live",
        "@13800000000 @13900000000",
      ].join("\n"),
    );
  });

  it("mentions nobody below full, and carries the keyword on a recovery too", () => {
    const body = dingTalkText.parse(alertsBody(dingtalk, [alert({ level: "normal", previous_level: "warning", figure: 1500 })], ctx));
    expect(body.at).toEqual({ atMobiles: [], isAtAll: false });
    expect(body.text.content).toMatch(/^预警 【承载量恢复】/);
    expect(body.text.content).not.toContain("@");
  });

  it("holds alerts raised together as one message, a line each, oldest first", () => {
    const batch = [alert({ site_id: "farm", measure: "daily", capacity: 40, figure: 32 }), alert(), alert({ level: "full", figure: 3000 })];
    const lines = dingTalkText.parse(alertsBody(dingtalk, [...batch].reverse(), ctx)).text.content.split("\n");
    expect(lines[0]).toBe("预警 【承载量预警】2025-10-03 共 3 条");
    expect(lines.slice(1, 4).map((line) => line.split("：")[0])).toEqual(["大云镇 云溪农场", "廊下镇 廊下郊野公园", "廊下镇 廊下郊野公园"]);
  });

  it("stays within 15,000 bytes: the oldest lines left out are counted and the command that lists them named", () => {
    const batch = Array.from({ length: 300 }, (_, i) => alert({ figure: 1000 + i }));
    const content = dingTalkText.parse(alertsBody(dingtalk, batch, ctx)).text.content;
    expect(Buffer.byteLength(content, "utf8")).toBeLessThanOrEqual(15_000);
    const left = Number(content.match(/另有 (\d+) 条较早的变化，明细：tourism alerts --since 2025-10-03T14:\d\d/)?.[1]);
    const listed = content.split("\n").filter((line) => line.startsWith("廊下镇"));
    expect(left).toBeGreaterThan(0);
    expect(left + listed.length).toBe(300);
    expect(listed.at(-1)).toContain("在园人数 1,299 / 3,000"); // the newest is listed
  });
});

describe("a WeCom robot's message", () => {
  it("mentions mobiles and @all beside the content on a full-level alert", () => {
    const body = weComText.parse(alertsBody(wecom, [alert({ measure: "daily", level: "full", capacity: 6000, figure: 6100 })], ctx));
    expect(body.text.mentioned_mobile_list).toEqual(["13800000000", "@all"]);
    expect(body.text.content).toMatch(/今日入园 6,100 \/ 6,000（101.7%），14:\d\d 已达日最大承载量，停止当日入园。/);
  });

  it("leaves mentions out below full", () => {
    expect(weComText.parse(alertsBody(wecom, [alert()], ctx)).text).not.toHaveProperty("mentioned_mobile_list");
  });

  it("keeps a batch of 60 within 2048 bytes of UTF-8, counting the rest", () => {
    const content = weComText.parse(
      alertsBody(
        wecom,
        Array.from({ length: 60 }, () => alert()),
        ctx,
      ),
    ).text.content;
    const left = Number(content.match(/另有 (\d+) 条较早的变化/)?.[1]);
    expect(left + content.split("\n").filter((line) => line.startsWith("廊下镇")).length).toBe(60);
    expect(content.split("\n")[0]).toBe("【承载量预警】2025-10-03 共 60 条");
  });
});

describe("a generic hook's message", () => {
  it("carries every alert with its site and town, never the outbox's bookkeeping", () => {
    const body = alertsBody(webhookSettings({ format: "generic", url: "https://example.org/hook" }), [alert(), alert({ site_id: "farm" })], ctx);
    expect(body).toMatchObject({
      type: "alerts",
      live_url: "https://tourism.example.org/#live",
      alerts: [
        { site_id: "park", site_name: "廊下郊野公园", town_name: "廊下镇", level: "warning" },
        { site_id: "farm", site_name: "云溪农场", town_name: "大云镇" },
      ],
    });
    expect(JSON.stringify(body)).not.toMatch(/other-hook-key|webhook 2|delivered_to|last_error/);
  });
});
