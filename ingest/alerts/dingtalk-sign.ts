import { createHmac } from "node:crypto";

/**
 * A DingTalk robot secured by signing (加签) takes a request only with `timestamp` (ms, within an hour
 * of DingTalk's clock) and `sign` = urlEncode(base64(HmacSHA256(key: secret, timestamp + "\n" + secret)))
 * in its query (open.dingtalk.com, 自定义机器人安全设置: 加签).
 */
export function signedDingTalkUrl(url: string, secret: string, timestampMs: number): string {
  const sign = createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
  return `${url}${url.includes("?") ? "&" : "?"}timestamp=${timestampMs}&sign=${encodeURIComponent(sign)}`;
}
