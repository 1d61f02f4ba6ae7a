import pino, { type Logger } from "pino";

export type { Logger };

/** The root logger: JSON lines on stderr, so stdout stays free for reports. */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { app: "tourism" },
      redact: {
        paths: ["*.password", "*.token", "*.sasl.password", "config.CLICKHOUSE_PASSWORD", "config.KAFKA_SASL_PASSWORD", "*.KAFKA_SASL_PASSWORD"],
        censor: "[redacted]",
      },
    },
    pino.destination(2),
  );
}
