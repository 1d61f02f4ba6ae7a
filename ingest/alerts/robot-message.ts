import type { WebhookFormat } from "../../infra/alert-webhook-settings.ts";
import type { Alert } from "./alert-store.ts";
import { alertLine, localTime } from "./alert-wording.ts";
import type { SiteInfo, Webhook } from "./webhooks.ts";

/**
 * The most a robot's text content may hold, in UTF-8 bytes. WeCom: "文本内容，最长不超过2048个字节，必须是
 * utf8编码" (developer.work.weixin.qq.com/document/path/91770). DingTalk's custom-robot page names no
 * limit for text; its robots' group-message API takes at most 15,000 bytes a message
 * (open.dingtalk.com, 机器人发送群聊消息: msgParam), which we keep to.
 */
export const contentLimitBytes: Record<Exclude<WebhookFormat, "generic">, number> = { wecom: 2048, dingtalk: 15_000 };

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/**
 * A robot's text message: the hook's keyword first (a robot with a keyword filter takes only messages
 * holding it), and, when `mention`, its duty officers. DingTalk mentions a mobile only when the content
 * holds "@mobile" too; WeCom takes them beside the content ("@all" for everyone).
 */
export function robotBody(hook: Webhook, text: string, mention: boolean): unknown {
  const content = hook.keyword === "" ? text : `${hook.keyword} ${text}`;
  const mobiles = mention ? hook.mobiles : [];
  const atAll = mention && hook.at_all;
  if (hook.format === "dingtalk") {
    const ats = mobiles.map((m) => `@${m}`).join(" ");
    return { msgtype: "text", text: { content: ats === "" ? content : `${content}\n${ats}` }, at: { atMobiles: mobiles, isAtAll: atAll } };
  }
  const mentioned = [...mobiles, ...(atAll ? ["@all"] : [])];
  return { msgtype: "text", text: mentioned.length === 0 ? { content } : { content, mentioned_mobile_list: mentioned } };
}

/** What an alert message needs besides the alerts: each site's name and town, and the dashboard's address. */
export interface MessageContext {
  site: (siteId: string) => SiteInfo;
  /** The dashboard's public address; messages link to its live view. */
  publicUrl?: string | undefined;
}

/**
 * A batch's text: a header, a line per alert listed (oldest first), a line counting those left out
 * with the command that lists them, and the live view's link.
 */
function batchText(alerts: readonly Alert[], lines: readonly string[], left: number, ctx: MessageContext): string {
  const kind = alerts.some((a) => a.level !== "normal") ? "【承载量预警】" : "【承载量恢复】";
  const days = [...new Set(alerts.map((a) => a.local_date))].join("、");
  const text = [`${kind}${days}${alerts.length > 1 ? ` 共 ${alerts.length} 条` : ""}`, ...lines.slice(left)];
  const oldest = alerts[0];
  if (left > 0 && oldest)
    text.push(`……另有 ${left} 条较早的变化，明细：tourism alerts --since ${localTime(oldest.occurred_at).toFormat("yyyy-MM-dd'T'HH:mm")}`);
  if (ctx.publicUrl) text.push(`实时看板：${ctx.publicUrl}/#live`);
  return text.join("\n");
}

/**
 * The request body of a batch of current alerts, listed oldest first. A robot gets one text message within
 * its platform's size limit: when every line would not fit, the oldest are left out, counted, and the
 * command that lists them named. Mentions go with full-level alerts only. A generic hook gets every
 * alert, without the outbox's bookkeeping (which names the other webhooks' addresses and failures).
 */
export function alertsBody(hook: Webhook, batch: readonly Alert[], ctx: MessageContext): unknown {
  const alerts = [...batch].sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || a.alert_id.localeCompare(b.alert_id));
  const lines = alerts.map((a) => alertLine(a, ctx.site(a.site_id)));
  if (hook.format === "generic") {
    const listed = alerts.map(({ delivered_to: _to, delivery_state: _state, attempts: _n, next_attempt_at: _next, last_error: _error, ...facts }, i) => {
      const site = ctx.site(facts.site_id);
      return { ...facts, site_name: site.name, town_name: site.town, text: lines[i] };
    });
    return { type: "alerts", alerts: listed, text: batchText(alerts, lines, 0, ctx), ...(ctx.publicUrl ? { live_url: `${ctx.publicUrl}/#live` } : {}) };
  }
  const mention = alerts.some((a) => a.level === "full");
  const limit = contentLimitBytes[hook.format];
  const fits = (left: number) => {
    const body = robotBody(hook, batchText(alerts, lines, left, ctx), mention);
    return { body, fits: bytes((body as { text: { content: string } }).text.content) <= limit };
  };
  // The fewest lines left out that fit: a search, since a backlog may hold a thousand alerts.
  let [low, high] = [0, Math.max(0, alerts.length - 1)];
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (fits(mid).fits) high = mid;
    else low = mid + 1;
  }
  return fits(low).body;
}
