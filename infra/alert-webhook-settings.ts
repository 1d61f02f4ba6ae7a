import { readFileSync } from "node:fs";
import { z } from "zod";

export const webhookFormats = ["generic", "wecom", "dingtalk"] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

/**
 * Messages a robot takes a minute. WeCom: "每个机器人发送的消息不能超过20条/分钟"
 * (developer.work.weixin.qq.com/document/path/91770, 群机器人配置说明). DingTalk: "每个机器人每分钟最多发送20条
 * 消息到群里，如果超过20条，会限流10分钟" (open.dingtalk.com, 自定义机器人发送群消息). A generic hook has no
 * documented rate: one a second unless its settings say otherwise.
 */
export const platformPerMinute: Record<WebhookFormat, number> = { generic: 60, wecom: 20, dingtalk: 20 };

/** Alerts raised within this many seconds of the first one pending go out as one message. */
export const defaultBatchSeconds = 5;

const mobile = z.string().regex(/^\+?[0-9][0-9-]{4,19}$/, "a mobile number (digits, an optional + and -)");

/** One webhook as the webhooks file gives it; missing fields take the defaults. */
const hookSchema = z
  .strictObject({
    format: z.enum(webhookFormats),
    url: z.url({ protocol: /^https?$/, error: "an http(s) URL" }),
    /** DingTalk 加签: the robot's secret (SEC…), which signs every request. */
    secret: z.string().min(1).max(200).optional(),
    /** Mentioned (@) on full-level alerts. */
    mobiles: z.array(mobile).max(50).default([]),
    /** @all on full-level alerts. */
    at_all: z.boolean().default(false),
    /** Put first in every message, for robots that take only messages holding a keyword. */
    keyword: z.string().trim().max(50).default(""),
    batch_seconds: z.number().min(0).max(60).default(defaultBatchSeconds),
    per_minute: z.number().int().min(1).optional(),
  })
  .superRefine((hook, ctx) => {
    const problem = (field: string, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
    if (hook.secret !== undefined && hook.format !== "dingtalk") problem("secret", "only DingTalk robots sign (加签)");
    if (hook.format === "generic" && (hook.mobiles.length > 0 || hook.at_all))
      problem(hook.at_all ? "at_all" : "mobiles", "only WeCom and DingTalk robots mention people");
    if (hook.per_minute !== undefined && hook.per_minute > platformPerMinute[hook.format] && hook.format !== "generic")
      problem("per_minute", `at most ${platformPerMinute[hook.format]}, the platform's rate for a robot`);
  })
  .transform(({ per_minute, ...hook }) => ({ ...hook, per_minute: per_minute ?? platformPerMinute[hook.format] }));

export type WebhookSettings = z.output<typeof hookSchema>;

/** A hook with the defaults filled in, from its format and address (the short form) and any other fields. */
export const webhookSettings = (hook: z.input<typeof hookSchema>): WebhookSettings => hookSchema.parse(hook);

const fileSchema = z.array(hookSchema).min(1, "at least one webhook");

/** `[1].secret` from zod's [1, "secret"]: the hook's index in the file and the field. */
const where = (path: readonly PropertyKey[]) =>
  path.length === 0 ? "the file" : `webhook ${Number(path[0]) + 1} ([${String(path[0])}])${path.length > 1 ? ` ${path.slice(1).map(String).join(".")}` : ""}`;

/**
 * Reads and checks the webhooks file (a JSON array of hooks). Problems are reported through `ctx`
 * with the hook's index and field, never with a value: a URL or secret holds a robot's key.
 */
export function readWebhooksFile(path: string, ctx: z.RefinementCtx): WebhookSettings[] {
  const fail = (message: string) => {
    ctx.addIssue({ code: "custom", message: `${path}: ${message}` });
    return z.NEVER;
  };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code ? `cannot be read (${code})` : "not JSON");
  }
  const parsed = fileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : "";
  return fail(`${where(issue.path)}: ${issue.message}${more}`);
}

/** `format=url,…`, the short form of TOURISM_ALERT_WEBHOOKS: each hook with the defaults. */
export const shortFormPattern = /^(generic|wecom|dingtalk)=https?:\/\/[^,\s]+(,(generic|wecom|dingtalk)=https?:\/\/[^,\s]+)*$/;

export function shortFormWebhooks(list: string, ctx: z.RefinementCtx): WebhookSettings[] {
  return list.split(",").map((entry, index) => {
    const at = entry.indexOf("=");
    const parsed = hookSchema.safeParse({ format: entry.slice(0, at), url: entry.slice(at + 1) });
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: `webhook ${index + 1}: ${parsed.error.issues[0]!.message}` });
    return z.NEVER;
  });
}
