import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, alertWebhooks, loadConfig } from "./config.ts";

const dir = mkdtempSync(join(tmpdir(), "webhooks-file-"));
let files = 0;
function webhooksFile(content: unknown): string {
  const path = join(dir, `webhooks-${files++}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}
const secretUrl = "https://oapi.dingtalk.com/robot/send?access_token=TOKEN-SECRET-1";
const failure = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a configuration error");
};

describe("the webhooks file", () => {
  it("gives each hook its settings, the platform's rate and a batch window by default", () => {
    const path = webhooksFile([
      { format: "dingtalk", url: secretUrl, secret: "SECabc", mobiles: ["13800000000"], keyword: "预警" },
      { format: "wecom", url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", at_all: true, batch_seconds: 2, per_minute: 10 },
      { format: "generic", url: "http://127.0.0.1:9000/hook" },
    ]);
    expect(alertWebhooks(loadConfig({ TOURISM_ALERT_WEBHOOKS_FILE: path }))).toEqual([
      { format: "dingtalk", url: secretUrl, secret: "SECabc", mobiles: ["13800000000"], at_all: false, keyword: "预警", batch_seconds: 5, per_minute: 20 },
      {
        format: "wecom",
        url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
        mobiles: [],
        at_all: true,
        keyword: "",
        batch_seconds: 2,
        per_minute: 10,
      },
      { format: "generic", url: "http://127.0.0.1:9000/hook", mobiles: [], at_all: false, keyword: "", batch_seconds: 5, per_minute: 60 },
    ]);
  });

  it("reads the README's example as it stands", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const example = readme.slice(readme.indexOf("**Webhooks.**")).match(/```json\n([\s\S]*?)```/)?.[1];
    const hooks = alertWebhooks(loadConfig({ TOURISM_ALERT_WEBHOOKS_FILE: webhooksFile(example ?? "") }));
    expect(hooks.map((h) => [h.format, h.per_minute, h.batch_seconds])).toEqual([
      ["dingtalk", 20, 5],
      ["wecom", 20, 3],
      ["generic", 60, 5],
    ]);
  });

  it("names the variable, the hook's index and the field of a bad setting, never a URL or secret", () => {
    const cases: [unknown, string][] = [
      [[{ format: "wecom", url: secretUrl, secret: "SEC-SECRET-2" }], "webhook 1 ([0]) secret: only DingTalk robots sign (加签)"],
      [
        [
          { format: "dingtalk", url: secretUrl },
          { format: "dingtalk", url: "ftp://x/TOKEN-SECRET-1" },
        ],
        "webhook 2 ([1]) url: an http(s) URL",
      ],
      [[{ format: "dingtalk", url: secretUrl, mobiles: ["138 0000 0000"] }], "webhook 1 ([0]) mobiles.0: a mobile number"],
      [[{ format: "dingtalk", url: secretUrl, per_minute: 30 }], "webhook 1 ([0]) per_minute: at most 20, the platform's rate for a robot"],
      [[{ format: "generic", url: secretUrl, at_all: true }], "webhook 1 ([0]) at_all: only WeCom and DingTalk robots mention people"],
      [[{ format: "dingtalk", url: secretUrl, mobile: ["13800000000"] }], 'webhook 1 ([0]): Unrecognized key: "mobile"'],
      [[{ format: "feishu", url: secretUrl }], "webhook 1 ([0]) format:"],
      [[], "the file: at least one webhook"],
      ["{not json", "not JSON"],
    ];
    for (const [content, expected] of cases) {
      const path = webhooksFile(content);
      const message = failure({ TOURISM_ALERT_WEBHOOKS_FILE: path });
      expect(message).toContain(`TOURISM_ALERT_WEBHOOKS_FILE: ${path}: `);
      expect(message).toContain(expected);
      expect(message).not.toMatch(/SECRET/);
    }
    expect(failure({ TOURISM_ALERT_WEBHOOKS_FILE: join(dir, "missing.json") })).toContain("missing.json: cannot be read (ENOENT)");
  });

  it("is one way to give webhooks: both set is an error", () => {
    const path = webhooksFile([{ format: "generic", url: "http://127.0.0.1:9000/hook" }]);
    expect(failure({ TOURISM_ALERT_WEBHOOKS_FILE: path, TOURISM_ALERT_WEBHOOKS: `dingtalk=${secretUrl}` })).toBe(
      "TOURISM_ALERT_WEBHOOKS: set either this or TOURISM_ALERT_WEBHOOKS_FILE, not both",
    );
  });
});

describe("TOURISM_ALERT_WEBHOOKS, the short form", () => {
  it("still gives format=url hooks, with the defaults", () => {
    expect(alertWebhooks(loadConfig({ TOURISM_ALERT_WEBHOOKS: `dingtalk=${secretUrl},generic=http://127.0.0.1:9/h` }))).toMatchObject([
      { format: "dingtalk", url: secretUrl, per_minute: 20, batch_seconds: 5, keyword: "" },
      { format: "generic", url: "http://127.0.0.1:9/h", per_minute: 60 },
    ]);
  });

  it("never repeats its value in an error: the addresses hold the robots' keys", () => {
    const message = failure({ TOURISM_ALERT_WEBHOOKS: `slack=${secretUrl}` });
    expect(message).toBe("TOURISM_ALERT_WEBHOOKS: a comma-separated list of format=url, format generic|wecom|dingtalk");
  });
});

describe("TOURISM_PUBLIC_URL", () => {
  it("takes an http(s) address, without a trailing slash, and refuses anything else", () => {
    expect(loadConfig({ TOURISM_PUBLIC_URL: "https://tourism.example.org/" }).TOURISM_PUBLIC_URL).toBe("https://tourism.example.org");
    expect(failure({ TOURISM_PUBLIC_URL: "javascript:alert(1)" })).toContain("TOURISM_PUBLIC_URL: an http(s) URL");
  });
});
