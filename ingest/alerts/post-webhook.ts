import { z } from "zod";
import { signedDingTalkUrl } from "./dingtalk-sign.ts";
import type { Webhook } from "./webhooks.ts";

/**
 * Posts one message to a webhook. A redirect is not followed but fails the attempt: a robot's
 * address never redirects, and following one would hand the alert to an address nobody configured
 * and count it as delivered. WeCom and DingTalk answer 200 with a non-zero errcode when they refuse
 * a message (a DingTalk robot whose signature does not match: 310000). A DingTalk hook with a secret
 * signs each request when it is sent, by this machine's real clock (DingTalk takes an hour's skew).
 * `signal` bounds the whole exchange, the answer's body included.
 */
export async function postToWebhook(hook: Webhook, body: unknown, signal: AbortSignal): Promise<void> {
  const url = hook.format === "dingtalk" && hook.secret !== undefined ? signedDingTalkUrl(hook.url, hook.secret, Date.now()) : hook.url;
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    redirect: "manual",
    signal,
  });
  const text = await response.text();
  if (response.status >= 300 && response.status < 400) throw new Error(`HTTP ${response.status}: a redirect, not followed`);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  if (hook.format === "generic") return;
  const errcode = robotAnswer.safeParse(parsedOrText(text)).data?.errcode;
  if (errcode === undefined || errcode === 0) return;
  const why = `errcode ${String(errcode)}: ${text.slice(0, 200)}`;
  throw errcode === throttledCode[hook.format] ? new RobotThrottled(why) : new Error(why);
}

/**
 * A robot saying it takes no more for now: DingTalk 130101 ("send too fast, exceed 20 times per
 * minute", then throttled for ten minutes), WeCom 45009 ("api freq out of limit").
 */
export class RobotThrottled extends Error {}
const throttledCode: Record<Webhook["format"], number | undefined> = { generic: undefined, dingtalk: 130101, wecom: 45009 };

/** A robot's answer: `{"errcode":0,"errmsg":"ok"}` when it took the message. */
const robotAnswer = z.object({ errcode: z.unknown() });

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
