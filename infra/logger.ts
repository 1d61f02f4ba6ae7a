import pino, { type Logger } from "pino";

export type { Logger };

/** The root logger: JSON lines on stderr, so stdout stays free for reports. */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { app: "tourism" },
      redact: {
        paths: [
          "*.password",
          "*.token",
          "*.sasl.password",
          "config.CLICKHOUSE_PASSWORD",
          "config.KAFKA_SASL_PASSWORD",
          "*.KAFKA_SASL_PASSWORD",
          // Webhook addresses hold the robots' keys, and a DingTalk hook's secret signs for it.
          "*.TOURISM_ALERT_WEBHOOKS",
          "*.TOURISM_ALERT_WEBHOOKS_FILE",
          "*.secret",
        ],
        censor: "[redacted]",
      },
    },
    pino.destination(2),
  );
}
