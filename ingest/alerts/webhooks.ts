import { DateTime } from "luxon";
import { siteZone } from "../contracts/time.ts";
import type { Alert } from "./alert-store.ts";

export type WebhookFormat = "generic" | "wecom" | "dingtalk";

export interface Webhook {
  format: WebhookFormat;
  url: string;
}

const measureZh = { instant: "在园人数", daily: "今日入园" } as const;
const levelZh = { normal: "恢复正常", warning: "达到预警线 80%", full: "已满 100%" } as const;

/** One line staff read in a group chat: site, measure, figure against capacity, level, local time. */
export function alertText(alert: Alert, siteName: string): string {
  const at = DateTime.fromISO(alert.occurred_at, { zone: "utc" }).setZone(siteZone).toFormat("yyyy-MM-dd HH:mm");
  const percent = ((alert.figure * 100) / alert.capacity).toFixed(1);
  const late = alert.late ? "（迟到数据，非当前状态）" : "";
  return `【承载量${alert.level === "normal" ? "恢复" : "预警"}】${siteName} ${measureZh[alert.measure]} ${alert.figure.toLocaleString("en-US")} / ${alert.capacity.toLocaleString("en-US")}（${percent}%）${levelZh[alert.level]}，${at}${late}`;
}

/** WeCom and DingTalk group robots take a text message. */
export const robotText = (content: string) => ({ msgtype: "text", text: { content } });

/**
 * The request body for a webhook: a text message for robots; the alert for a generic hook, without
 * the outbox's bookkeeping (which names the other webhooks' addresses and failures).
 */
export function webhookBody(format: WebhookFormat, alert: Alert, siteName: string): unknown {
  if (format !== "generic") return robotText(alertText(alert, siteName));
  const { delivered_to: _to, delivery_state: _state, attempts: _attempts, next_attempt_at: _next, last_error: _error, ...facts } = alert;
  return { ...facts, site_name: siteName, text: alertText(alert, siteName) };
}

/** How errors name a webhook: its place in TOURISM_ALERT_WEBHOOKS and format, never its address (which often holds its key). */
export const webhookLabel = (hook: Webhook, index: number) => `webhook ${index + 1} (${hook.format})`;

/** Retry delay after `attempts` failed attempts: 2 s, 4 s, 8 s … at most 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(1, attempts));
}
