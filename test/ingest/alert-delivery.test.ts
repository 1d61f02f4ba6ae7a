import { createHmac } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../infra/config.ts";
import { createLogger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { type AlertStore, alertStore } from "../../ingest/alerts/alert-store.ts";
import { startCapacityAlerts } from "../../ingest/alerts/capacity-alerts.ts";
import { createAlertEvaluator } from "../../ingest/alerts/evaluator.ts";
import { type WebhookFormat, webhookSettings } from "../../infra/alert-webhook-settings.ts";
import { type OutboxDeps, startAlertOutbox } from "../../ingest/alerts/outbox.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { migrate } from "../../transforms/migrate.ts";
import { registerLookup } from "../../transforms/register/register.ts";
import { capacityRegister } from "../support/capacity-register.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { type Received, until, webhookReceiver } from "../support/webhook-receiver.ts";
import { alertingPipeline } from "../support/alerting-pipeline.ts";

const log = createLogger(process.env.TEST_LOG ?? "silent");
const register = capacityRegister("alert-delivery-test");
const names: Record<string, string> = { park: "公园", farm: "农场" };
/** Both sites are in the register's one town, 镇. */
const site = (id: string) => ({ name: names[id] ?? id, town: "镇" });

const opened: Warehouse[] = [];
afterAll(async () => {
  for (const warehouse of opened) await warehouse.close();
});

/** A database of its own per test: the outbox delivers whatever is pending in it. */
async function freshStore(label: string): Promise<{ warehouse: Warehouse; store: AlertStore }> {
  const warehouse = await openTestEmbedded(label);
  opened.push(warehouse);
  await migrate(warehouse, log);
  return { warehouse, store: alertStore(warehouse) };
}

let n = 0;
const gate = (site: string, gateId: string, direction: "in" | "out", count: number, at: string) => ({
  text: JSON.stringify({ type: "footfall", event_id: `d${n++}`, site_id: site, gate_id: gateId, direction, count, occurred_at: at }),
  source: { kind: "file" as const, name: "alert-delivery-test", partition: 0, position: n },
});

/** The Kafka worker's path in process: validate, write, evaluate capacity levels. */
function pipeline(warehouse: Warehouse, clock: () => DateTime) {
  const { evaluator, ingestor } = alertingPipeline(warehouse, register, clock, log);
  return {
    async write(events: ReturnType<typeof gate>[]) {
      await ingestor.ingest(events);
      await evaluator.settled();
    },
  };
}

/** Six current changes of the park's occupancy level on `day`, written as they happen (the clock at noon). */
const parkSteps: ["g1" | "g2", "in" | "out", number, string][] = [
  ["g1", "in", 16, "11:50"], // 16/20: warning
  ["g1", "in", 4, "11:51"], // 20: full
  ["g2", "out", 3, "11:52"], // 17: warning
  ["g2", "out", 4, "11:53"], // 13: normal
  ["g1", "in", 3, "11:54"], // 16: warning
  ["g1", "in", 4, "11:55"], // 20: full
];
const parkFigures = ["16 / 20", "20 / 20", "17 / 20", "13 / 20", "16 / 20", "20 / 20"];

async function raiseParkCrossings(warehouse: Warehouse, day: string, afterEach: () => void = () => {}): Promise<void> {
  const { write } = pipeline(warehouse, () => DateTime.fromISO(`${day}T12:00:00`, { zone: "Asia/Shanghai" }));
  for (const [gateId, direction, count, time] of parkSteps) {
    await write([gate("park", gateId, direction, count, `${day}T${time}:00`)]);
    afterEach();
  }
}

/** A robot message's text. */
const content = (body: unknown) => (body as { text: { content: string } }).text.content;

function outbox(store: AlertStore, webhooks: OutboxDeps["webhooks"], options: Partial<OutboxDeps> = {}) {
  return startAlertOutbox({ store, webhooks, message: { site }, log, pollMs: 50, ...options });
}

/** A webhook's settings; without a batch window unless a test gives one, so each alert may go as it comes. */
const hook = (format: WebhookFormat, url: string, settings: Partial<Parameters<typeof webhookSettings>[0]> = {}) =>
  webhookSettings({ format, url, batch_seconds: 0, ...settings });

/** The park's occupancy figures ("16 / 20") in the messages' lines, in the order they came. */
const figures = (bodies: unknown[]) => bodies.flatMap((body) => [...content(body).matchAll(/\d+ \/ 20/g)].map((m) => m[0]));

describe("alert delivery, each webhook on its own", () => {
  it("delivers every alert to a healthy webhook while another holds its first request open", async () => {
    const { warehouse, store } = await freshStore("delivery_hang");
    const hanging = await webhookReceiver(() => "hang");
    const healthy = await webhookReceiver(() => "ok");
    // The hanging webhook comes first and may hold a request for a minute: one queue for both
    // would keep every alert from the healthy one that long.
    const box = outbox(store, [hook("generic", hanging.url), hook("wecom", healthy.url)], { timeoutMs: 60_000 });
    await raiseParkCrossings(warehouse, "2025-10-05", () => box.nudge());
    await until(() => figures(healthy.taken).length === parkFigures.length, 30_000, "every alert at the healthy webhook");
    expect(hanging.open()).toBe(1); // its first request is still waiting for an answer
    expect(hanging.received).toHaveLength(1);
    expect(figures(healthy.taken)).toEqual(parkFigures);
    await box.stop(); // cuts the hanging request short: its alert stays pending for that webhook
    const stored = await store.list();
    expect(stored).toHaveLength(parkFigures.length);
    for (const alert of stored) {
      expect(alert.delivery_state).toBe("pending");
      expect(alert.delivered_to).toEqual([healthy.url]);
    }
    await Promise.all([hanging.close(), healthy.close()]);
  });

  it("does not follow a redirect: the other address gets nothing and the alert stays pending with the reason", async () => {
    const { warehouse, store } = await freshStore("delivery_redirect");
    const elsewhere = await webhookReceiver(() => "ok");
    const found = await webhookReceiver(() => ({ redirect: elsewhere.url, status: 302 }));
    const moved = await webhookReceiver(() => ({ redirect: elsewhere.url, status: 307 }));
    const box = outbox(store, [hook("wecom", found.url), hook("generic", moved.url)]);
    const { write } = pipeline(warehouse, () => DateTime.fromISO("2025-10-05T12:00:00", { zone: "Asia/Shanghai" }));
    await write([gate("park", "g1", "in", 16, "2025-10-05T11:50:00")]);
    box.nudge();
    await until(async () => (await store.list())[0]?.attempts === 2, 20_000, "one attempt by each webhook");
    await box.stop();
    expect(found.received).toHaveLength(1);
    expect(moved.received).toHaveLength(1);
    expect(elsewhere.received).toEqual([]);
    const [alert] = await store.list();
    expect(alert).toMatchObject({ delivery_state: "pending", delivered_to: [] });
    expect(alert!.last_error.split("; ").sort()).toEqual([
      "webhook 1 (wecom): HTTP 302: a redirect, not followed",
      "webhook 2 (generic): HTTP 307: a redirect, not followed",
    ]);
    await Promise.all([elsewhere.close(), found.close(), moved.close()]);
  });

  it("retries a refusal on that webhook alone and delivers after a restart: nothing lost, nothing twice", async () => {
    const { warehouse, store } = await freshStore("delivery_retry");
    let refusals = 1;
    const flaky = await webhookReceiver(() => (refusals-- > 0 ? "refuse" : "ok"));
    const steady = await webhookReceiver(() => "ok");
    const webhooks = [hook("wecom", flaky.url), hook("wecom", steady.url)];
    const { write } = pipeline(warehouse, () => DateTime.fromISO("2025-10-06T12:00:00", { zone: "Asia/Shanghai" }));
    await write([gate("farm", "g", "in", 12, "2025-10-06T11:50:00")]);
    // The first outbox meets the refusal and stops before its retry is due (2 s later).
    const first = outbox(store, webhooks);
    await until(async () => (await store.list())[0]?.attempts === 2, 20_000, "an attempt by each webhook");
    await first.stop();
    const [pending] = await store.list();
    expect(pending).toMatchObject({ delivery_state: "pending", delivered_to: [steady.url], last_error: "webhook 1 (wecom): HTTP 503" });
    // A new outbox (a restart) delivers it to the webhook that refused, once the retry is due.
    const second = outbox(store, webhooks);
    await until(async () => (await store.list())[0]?.delivery_state === "delivered", 20_000, "delivery after the restart");
    await second.stop();
    expect(flaky.taken).toHaveLength(1);
    expect(steady.taken).toHaveLength(1); // the retry went to the webhook that refused only
    expect(content(flaky.taken[0])).toContain("镇 农场：在园人数 12 / 10（120.0%），11:50 已达最大承载量，立即限流、分流。");
    expect((await store.list())[0]).toMatchObject({ last_error: "", delivered_to: [steady.url, flaky.url] });
    await Promise.all([flaky.close(), steady.close()]);
  });

  it("never slows ingest while a receiver hangs", async () => {
    const { warehouse, store } = await freshStore("delivery_ingest");
    const receiver = await webhookReceiver(() => "hang");
    const box = outbox(store, [hook("generic", receiver.url)], { timeoutMs: 3000 });
    const writer = createEventWriter(warehouse);
    const evaluator = createAlertEvaluator({ warehouse, register, log, lateAfterMs: 15 * 60_000 });
    const clock = () => DateTime.fromISO("2025-10-05T12:00:00", { zone: "Asia/Shanghai" });
    const ingestor = createMessageIngestor({ writer, lookup: () => registerLookup(register), clock, onWritten: (f) => evaluator.written(f) });
    const started = Date.now();
    for (let i = 0; i < 5; i++) {
      await ingestor.ingest([gate("park", "g1", "in", 20, `2025-10-05T11:5${i}:00`)]);
      box.nudge();
    }
    const elapsed = Date.now() - started;
    await evaluator.settled();
    expect(elapsed).toBeLessThan(2000); // the receiver holds each request 3 s
    await box.stop();
    await receiver.close();
  });
});

/** 2025-08-04 … 2025-10-02: the 60 days before 3 October 2025. */
const pastDays = (from: string, count: number) => Array.from({ length: count }, (_, i) => DateTime.fromISO(from).plus({ days: i }).toISODate()!);
/** A busy day at the farm: 40 in, full on both measures (instant 10, daily 40), two crossings. */
const busyDay = (day: string) => gate("farm", "g", "in", 40, `${day}T10:00:00`);
const digests = (received: Received[]) => received.map((r) => content(r.body)).filter((text) => text.startsWith("【承载量补录】"));

describe("late alerts as a digest", () => {
  it("sends a backfill of 60 past days as one digest per webhook, and today's crossings one by one", async () => {
    const { warehouse, store } = await freshStore("digest_backfill");
    const { write } = pipeline(warehouse, () => DateTime.fromISO("2025-10-03T14:00:00", { zone: "Asia/Shanghai" }));
    await write(pastDays("2025-08-04", 60).map(busyDay));
    await write([gate("park", "g1", "in", 16, "2025-10-03T13:55:00")]); // today, current: warning
    const robot = await webhookReceiver(() => "ok");
    const generic = await webhookReceiver(() => "ok");
    const box = outbox(store, [hook("wecom", robot.url), hook("generic", generic.url)], { digestWindowMs: 1000 });
    await until(async () => (await store.list()).every((a) => a.delivery_state === "delivered"), 20_000, "every alert delivered");
    await box.stop();
    const texts = robot.received.map((r) => content(r.body));
    expect(texts).toHaveLength(2);
    expect(texts).toContainEqual(expect.stringContaining("镇 公园：在园人数 16 / 20（80.0%），13:55 达到预警线 80%，启动预案、暂停售票。"));
    expect(digests(robot.received)).toEqual([
      "【承载量补录】迟到数据，非当前状态：2025-08-04 至 2025-10-02 间的 60 天，农场共 120 次承载量级别变化，最高已满 100%。" +
        "不逐条推送，明细：tourism alerts --since 2025-08-04T00:00",
    ]);
    expect(generic.received).toHaveLength(2);
    expect(generic.received.map((r) => r.body)).toContainEqual({
      type: "alert_digest",
      crossings: 120,
      first_day: "2025-08-04",
      last_day: "2025-10-02",
      days: 60,
      sites: [{ site_id: "farm", site_name: "农场" }],
      worst_level: "full",
      list_command: "tourism alerts --since 2025-08-04T00:00",
      text: digests(robot.received)[0],
    });
    // Recorded and listed all the same: each crossing is a row, marked late.
    expect((await store.list({ sites: ["farm"] })).filter((a) => a.late)).toHaveLength(120);
    await Promise.all([robot.close(), generic.close()]);
  });

  it("sends at most one digest per webhook a window, each counting what it gathered", async () => {
    const { warehouse, store } = await freshStore("digest_window");
    // Real time: alerts are raised now, so the window counts from now.
    const { write } = pipeline(warehouse, () => DateTime.now());
    await write(pastDays("2025-06-01", 10).map(busyDay));
    const robot = await webhookReceiver(() => "ok");
    const windowMs = 3000;
    const box = outbox(store, [hook("wecom", robot.url)], { digestWindowMs: windowMs });
    await until(() => robot.received.length === 1, 20_000, "the first digest");
    await write(pastDays("2025-07-01", 5).map(busyDay));
    box.nudge();
    await until(() => robot.received.length === 2, 20_000, "the second digest");
    await box.stop();
    const [first, second] = robot.received;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(windowMs);
    expect(digests(robot.received).map((text) => text.match(/共 (\d+) 次/)?.[1])).toEqual(["20", "10"]);
    expect(content(second!.body)).toContain("2025-07-01 至 2025-07-05 间的 5 天");
    await robot.close();
  });

  it("does not send a delivered digest again after a restart", async () => {
    const { warehouse, store } = await freshStore("digest_restart");
    const { write } = pipeline(warehouse, () => DateTime.now());
    await write(pastDays("2025-09-01", 10).map(busyDay));
    const robot = await webhookReceiver(() => "ok");
    const webhooks = [hook("dingtalk", robot.url)];
    const first = outbox(store, webhooks, { digestWindowMs: 1000 });
    await until(() => robot.received.length === 1, 20_000, "the first digest");
    // Stopped only once the digest's delivery is recorded: a stop between the robot's answer and
    // the record sends it again (at least once), which is not what this test is about.
    await until(async () => (await store.lateBacklog(robot.url)).length === 0, 20_000, "the first digest recorded");
    await first.stop();
    // After the restart one more past day is backfilled: the next digest counts it alone.
    const second = outbox(store, webhooks, { digestWindowMs: 1000 });
    await write([busyDay("2025-09-20")]);
    await until(() => robot.received.length === 2, 20_000, "the second digest");
    await second.stop();
    expect(digests(robot.received).map((text) => text.match(/共 (\d+) 次/)?.[1])).toEqual(["20", "2"]);
    expect(content(robot.received[1]!.body)).toContain("2025-09-20 一天，农场共 2 次");
    await robot.close();
  });
});

const secret = "SECtest-robot-secret";
/** A DingTalk robot's check of 加签, written from its documentation: the query's sign against HmacSHA256 of timestamp + "\n" + secret. */
function signatureMatches(url: string, robotSecret: string): boolean {
  const query = new URL(url, "http://robot").searchParams;
  const timestamp = query.get("timestamp") ?? "";
  const expected = createHmac("sha256", robotSecret).update(`${timestamp}\n${robotSecret}`).digest("base64");
  return query.get("sign") === expected && Math.abs(Date.now() - Number(timestamp)) < 3_600_000;
}
const dingTalkRobot = (robotSecret: string) =>
  webhookReceiver((_body, url) => (signatureMatches(url, robotSecret) ? "ok" : { errcode: 310000, errmsg: "sign not match" }));

/** The park's six crossings as one write, the farm's two (instant and daily full) as another. */
const parkWrite = (day: string) => parkSteps.map(([gateId, direction, count, time]) => gate("park", gateId, direction, count, `${day}T${time}:00`));
const farmWrite = (day: string) => [gate("farm", "g", "in", 40, `${day}T11:56:00`)];

describe("alerts batched per webhook", () => {
  it("sends alerts raised within the batch window to a DingTalk robot as one signed message, each recorded delivered once", async () => {
    const { warehouse, store } = await freshStore("batch_signed");
    const robot = await dingTalkRobot(secret);
    const box = outbox(store, [hook("dingtalk", robot.url, { secret, mobiles: ["13800000000"], keyword: "预警", batch_seconds: 2 })]);
    const { write } = pipeline(warehouse, () => DateTime.fromISO("2025-10-05T12:00:00", { zone: "Asia/Shanghai" }));
    await write(parkWrite("2025-10-05"));
    box.nudge();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await write(farmWrite("2025-10-05"));
    box.nudge();
    await until(async () => (await store.list()).every((a) => a.delivery_state === "delivered"), 20_000, "every alert delivered");
    await box.stop();
    expect(robot.received).toHaveLength(1);
    expect(robot.taken).toHaveLength(1);
    const body = robot.taken[0] as { text: { content: string }; at: unknown };
    const lines = body.text.content.split("\n");
    expect(lines[0]).toBe("预警 【承载量预警】2025-10-05 共 8 条");
    expect(lines.filter((line) => line.startsWith("镇 "))).toHaveLength(8);
    expect(lines.at(-1)).toBe("@13800000000");
    expect(body.at).toEqual({ atMobiles: ["13800000000"], isAtAll: false });
    const stored = await store.list();
    expect(stored).toHaveLength(8);
    for (const alert of stored) expect(alert).toMatchObject({ delivery_state: "delivered", attempts: 1, delivered_to: [robot.url], last_error: "" });
    await robot.close();
  });

  it("keeps every alert of a message a robot refuses for its signature pending, with DingTalk's errcode", async () => {
    const { warehouse, store } = await freshStore("batch_bad_signature");
    const robot = await dingTalkRobot(secret);
    const box = outbox(store, [hook("dingtalk", robot.url, { secret: "SECnot-this-robots-secret", batch_seconds: 1 })]);
    const { write } = pipeline(warehouse, () => DateTime.fromISO("2025-10-05T12:00:00", { zone: "Asia/Shanghai" }));
    await write(farmWrite("2025-10-05"));
    box.nudge();
    await until(async () => (await store.list()).every((a) => a.attempts === 1), 20_000, "one attempt");
    await box.stop();
    expect(robot.received).toHaveLength(1);
    expect(robot.taken).toEqual([]);
    for (const alert of await store.list())
      expect(alert).toMatchObject({
        delivery_state: "pending",
        delivered_to: [],
        last_error: 'webhook 1 (dingtalk): errcode 310000: {"errcode":310000,"errmsg":"sign not match"}',
      });
    await robot.close();
  });

  it("sends no more messages a minute than the hook's rate: later alerts wait, pending, and go together in the next", async () => {
    const { warehouse, store } = await freshStore("batch_rate");
    const robot = await webhookReceiver(() => "ok");
    // The outbox's clock stands still until the test moves it a minute on.
    let nowMs = Date.parse("2025-10-05T04:00:00Z");
    const box = outbox(store, [hook("wecom", robot.url, { per_minute: 2 })], { clock: () => DateTime.fromMillis(nowMs) });
    const { write } = pipeline(warehouse, () => DateTime.fromISO("2025-10-05T12:00:00", { zone: "Asia/Shanghai" }));
    for (const [i, [gateId, direction, count, time]] of parkSteps.slice(0, 4).entries()) {
      await write([gate("park", gateId, direction, count, `2025-10-05T${time}:00`)]);
      box.nudge();
      if (i < 2) await until(() => robot.received.length === i + 1, 20_000, `message ${i + 1}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(robot.received).toHaveLength(2); // the rate is spent for this minute
    const waiting = (await store.list()).filter((a) => a.delivery_state === "pending");
    expect(waiting).toHaveLength(2);
    for (const alert of waiting) expect(alert).toMatchObject({ attempts: 0, delivered_to: [] });
    nowMs += 60_000;
    await until(() => robot.received.length === 3, 20_000, "the next message, a minute on");
    await until(async () => (await store.list()).every((a) => a.delivery_state === "delivered"), 20_000, "every alert delivered");
    await box.stop();
    expect(figures(robot.taken)).toEqual(parkFigures.slice(0, 4));
    expect(content(robot.taken[2])).toMatch(/^【承载量预警】2025-10-05 共 2 条\n/);
    for (const alert of await store.list()) expect(alert.attempts).toBe(1);
    await robot.close();
  });

  it("sends a robot that says it is throttled nothing for ten minutes, then what waited as one message", async () => {
    const { warehouse, store } = await freshStore("batch_throttled");
    let throttled = true;
    const robot = await webhookReceiver(() => (throttled ? { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" } : "ok"));
    let nowMs = Date.parse("2025-10-05T04:00:00Z");
    const box = outbox(store, [hook("dingtalk", robot.url)], { clock: () => DateTime.fromMillis(nowMs) });
    const { write } = pipeline(warehouse, () => DateTime.fromISO("2025-10-05T12:00:00", { zone: "Asia/Shanghai" }));
    const [first, second] = parkWrite("2025-10-05");
    await write([first!]);
    box.nudge();
    await until(async () => (await store.list())[0]?.attempts === 1, 20_000, "the throttled attempt");
    throttled = false;
    await write([second!]);
    nowMs += 5 * 60_000; // past the retry's backoff and the minute's rate, not the throttle
    box.nudge();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(robot.received).toHaveLength(1);
    nowMs += 5 * 60_000;
    await until(async () => (await store.list()).every((a) => a.delivery_state === "delivered"), 20_000, "both delivered after the throttle");
    await box.stop();
    expect(robot.received).toHaveLength(2);
    expect(figures(robot.taken)).toEqual(parkFigures.slice(0, 2));
    expect((await store.list()).map((a) => a.attempts).sort()).toEqual([1, 2]);
    await robot.close();
  });

  it("takes the webhooks file and public address from the configuration, and each site's town from the register", async () => {
    const { warehouse } = await freshStore("batch_configured");
    const robot = await dingTalkRobot(secret);
    const file = join(mkdtempSync(join(tmpdir(), "webhooks-")), "webhooks.json");
    writeFileSync(file, JSON.stringify([{ format: "dingtalk", url: robot.url, secret, keyword: "预警", mobiles: ["13800000000"], batch_seconds: 1 }]));
    const config = loadConfig({ TOURISM_ALERT_WEBHOOKS_FILE: file, TOURISM_PUBLIC_URL: "https://tourism.example.org/" });
    const towned = { ...register, towns: [{ ...register.towns[0]!, name_zh: "廊下镇" }] };
    const clock = () => DateTime.fromISO("2025-10-05T12:00:00", { zone: "Asia/Shanghai" });
    const alerts = startCapacityAlerts({ warehouse, register: towned, config, log, clock });
    const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => registerLookup(towned), clock, onWritten: alerts.written });
    await ingestor.ingest(farmWrite("2025-10-05"));
    await until(() => robot.taken.length === 1, 20_000, "the message");
    await alerts.stop();
    expect(content(robot.taken[0])).toBe(
      [
        "预警 【承载量预警】2025-10-05 共 2 条",
        "廊下镇 农场：在园人数 40 / 10（400.0%），11:56 已达最大承载量，立即限流、分流。",
        "廊下镇 农场：今日入园 40 / 40（100.0%），11:56 已达日最大承载量，停止当日入园。",
        "实时看板：https://tourism.example.org/#live",
        "@13800000000",
      ].join("\n"),
    );
    await robot.close();
  });
});
