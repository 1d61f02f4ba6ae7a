import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signedDingTalkUrl } from "./dingtalk-sign.ts";

const robot = "https://oapi.dingtalk.com/robot/send?access_token=abc123";
const secret = "SEC0123456789abcdef";
const timestamp = 1577262236760;

describe("DingTalk signing (加签)", () => {
  it("appends timestamp and sign as DingTalk's documentation computes them", () => {
    // DingTalk's formula, written out here: urlEncode(base64(HmacSHA256(secret, timestamp + "\n" + secret))).
    const documented = encodeURIComponent(createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64"));
    expect(signedDingTalkUrl(robot, secret, timestamp)).toBe(`${robot}&timestamp=${timestamp}&sign=${documented}`);
  });

  it("matches a sign computed by openssl, '+', '/' and '=' URL-encoded", () => {
    // printf '1577262236760\nSEC0123456789abcdef' | openssl dgst -sha256 -hmac SEC0123456789abcdef -binary | base64
    // → d9Dk0Z0jPCUiXh98g15v5UUXWC9lc5Z+IUT/z9xVTCA=
    const query = new URL(signedDingTalkUrl(robot, secret, timestamp)).search;
    expect(query).toBe(`?access_token=abc123&timestamp=1577262236760&sign=d9Dk0Z0jPCUiXh98g15v5UUXWC9lc5Z%2BIUT%2Fz9xVTCA%3D`);
  });
});
