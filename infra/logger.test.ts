import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const logger = fileURLToPath(new URL("./logger.ts", import.meta.url));

describe("the root logger", () => {
  it("never writes the Kafka SASL password, whether it logs the configuration, a connection or settings", () => {
    // The logger writes to file descriptor 2, so it runs in a child whose stderr the test reads.
    const script = `
      const { createLogger } = await import(${JSON.stringify(logger)});
      const log = createLogger("info");
      log.info({ config: { KAFKA_SASL_PASSWORD: "pw-in-config" } }, "config");
      log.info({ connection: { brokers: "b:9094", sasl: { mechanism: "plain", username: "u", password: "pw-in-connection" } } }, "connection");
      log.child({ module: "kafkajs" }).info({ settings: { KAFKA_SASL_PASSWORD: "pw-in-settings" } }, "settings");`;
    const { stderr, status } = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(status, stderr).toBe(0);
    const lines = stderr
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.msg)).toEqual(["config", "connection", "settings"]);
    expect(stderr).not.toMatch(/pw-in-/);
    expect(lines[1].connection.sasl).toEqual({ mechanism: "plain", username: "u", password: "[redacted]" });
  });

  it("never writes a webhook's address or signing secret when it logs the configuration or a hook", () => {
    const hook = { format: "dingtalk", url: "https://oapi.dingtalk.com/robot/send?access_token=key-in-url", secret: "SEC-in-hook" };
    const script = `
      const { createLogger } = await import(${JSON.stringify(logger)});
      const log = createLogger("info");
      log.info({ config: { TOURISM_ALERT_WEBHOOKS: [${JSON.stringify(hook)}], TOURISM_ALERT_WEBHOOKS_FILE: [${JSON.stringify(hook)}] } }, "config");
      log.info({ hook: ${JSON.stringify({ format: hook.format, secret: hook.secret })} }, "hook");`;
    const { stderr, status } = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(status, stderr).toBe(0);
    expect(stderr.trim().split("\n")).toHaveLength(2);
    expect(stderr).not.toMatch(/key-in-url|SEC-in-hook/);
  });
});
