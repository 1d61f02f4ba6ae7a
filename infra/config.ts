import { z } from "zod";
import { type WebhookSettings, readWebhooksFile, shortFormPattern, shortFormWebhooks } from "./alert-webhook-settings.ts";
import { checkKafkaSecurity } from "./kafka/security-settings.ts";

/** How far ahead of this process's clock an event may be stamped (a source's clock running fast). */
export const defaultFutureToleranceMinutes = 5;

/** Every setting the program reads from its environment, validated once at start-up. */
const settingsSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+(,[^,\s]+)*$/, "a comma-separated list of host:port")
    .optional(),
  KAFKA_GROUP_ID: z.string().min(1).default("tourism-ingest"),
  KAFKA_TOPIC_TICKETS: z.string().min(1).default("tourism.tickets"),
  KAFKA_TOPIC_FOOTFALL: z.string().min(1).default("tourism.footfall"),
  KAFKA_TOPIC_DLQ: z.string().min(1).default("tourism.dlq"),
  /** SASL as the cluster asks; the user name and password go with a mechanism. */
  KAFKA_SASL_MECHANISM: z.enum(["plain", "scram-sha-256", "scram-sha-512"]).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  /** Never logged (see infra/logger.ts); no rule reads its value, so no error repeats it. */
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /** TLS to the brokers; the CA file replaces the system's CAs, the certificate and key are for mutual TLS. */
  KAFKA_TLS: z
    .enum(["true", "false"], "true or false")
    .transform((value) => value === "true")
    .default(false),
  KAFKA_TLS_CA_FILE: z.string().optional(),
  KAFKA_TLS_CERT_FILE: z.string().optional(),
  KAFKA_TLS_KEY_FILE: z.string().optional(),
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/ }).optional(),
  CLICKHOUSE_USER: z.string().default("default"),
  CLICKHOUSE_PASSWORD: z.string().default(""),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "letters, digits and _ only")
    .default("tourism"),
  /** A read-only ClickHouse user for `tourism serve` in server mode. */
  CLICKHOUSE_READONLY_USER: z.string().optional(),
  CLICKHOUSE_READONLY_PASSWORD: z.string().default(""),
  /** How long the ingest worker may fail to write before /healthz answers 503. */
  TOURISM_WRITE_PATIENCE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  TOURISM_DATA_DIR: z.string().min(1).default("./data"),
  /** The embedded engine's memory bound in MB (its caches and statements); unset, 90% of the machine's. */
  TOURISM_ENGINE_MAX_MEMORY_MB: z.coerce.number().int().min(64).max(1_048_576).optional(),
  /**
   * The V8 heap bound in MB that the `tourism` script starts node with for `ingest`, `run` and `start`
   * (infra/build/tourism reads it before node starts; checked here so that a bad value is named); unset or
   * 0: node's own.
   */
  TOURISM_NODE_MAX_HEAP_MB: z.coerce
    .number()
    .int()
    .refine((mb) => mb === 0 || (mb >= 128 && mb <= 65_536), "0 (node's own) or 128 to 65536")
    .optional(),
  TOURISM_REGISTER: z.string().min(1).optional(),
  TOURISM_FESTIVALS: z.string().min(1).optional(),
  /** Holiday arrangements beyond the shipped years: a directory of year files (2027.json), or one file. */
  TOURISM_HOLIDAYS: z.string().min(1).optional(),
  TOURISM_TOKENS: z.string().min(1).optional(),
  /** The CLI's bearer token (tourism report): from the environment, out of the process list. Never echoed in errors. */
  TOURISM_TOKEN: z.string().min(1).optional(),
  /** Host names the API serves besides localhost, 127.0.0.1 and [::1] (a deployment's own name). */
  TOURISM_ALLOWED_HOSTS: z
    .string()
    .regex(/^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(,([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]))*$/, "a comma-separated list of host names, without ports")
    .transform((list) => list.split(","))
    .optional(),
  /**
   * Minutes an event may be stamped after the clock this process runs on; later ones are rejected
   * (dead-lettered) until a replay finds their time has come.
   */
  TOURISM_FUTURE_TOLERANCE_MINUTES: z.coerce.number().int().min(0).max(1440).default(defaultFutureToleranceMinutes),
  /** The language of the command line's tables and files (headers, names, notes) when --lang is not given. */
  TOURISM_LANG: z.enum(["zh", "en"]).default("zh"),
  /**
   * Minutes any site may stay silent during its opening hours before live figures mark it stale, for
   * every site alike. Unset (the default): each site after three of its reporting intervals (the register's).
   */
  TOURISM_LIVE_STALE_MINUTES: z.coerce.number().int().min(1).max(1440).optional(),
  /** Open /api/live/stream connections one bearer token may hold; past it the API answers 429. */
  TOURISM_LIVE_STREAMS_PER_TOKEN: z.coerce.number().int().min(1).max(100_000).default(50),
  /** Open /api/live/stream connections the API holds in all, whatever their tokens; past it 429. */
  TOURISM_LIVE_STREAMS_TOTAL: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Where capacity alerts are delivered, short form: comma-separated `format=url`, format generic|wecom|dingtalk. */
  TOURISM_ALERT_WEBHOOKS: z
    .string()
    .regex(shortFormPattern, "a comma-separated list of format=url, format generic|wecom|dingtalk")
    .transform(shortFormWebhooks)
    .optional(),
  /** Where capacity alerts are delivered, with each hook's settings (signing, mentions, keyword…): a JSON file. */
  TOURISM_ALERT_WEBHOOKS_FILE: z.string().min(1).transform(readWebhooksFile).optional(),
  /** Late capacity alerts (past days, late events) reach each webhook as at most one digest in this many minutes. */
  /** The alliance's name wherever it is written: bulletins, the dashboard's title, spreadsheet titles. */
  TOURISM_ALLIANCE_NAME: z.string().trim().min(1).max(100).default("廊下·大云·广陈乡村振兴联盟"),
  /** The office that issues the holiday bulletins, named under each bulletin's title. */
  TOURISM_BULLETIN_OFFICE: z.string().trim().min(1).max(100).default("廊下·大云·广陈乡村振兴联盟办公室"),
  TOURISM_ALERT_DIGEST_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  /** Requests each token may make to POST /api/events a minute (a burst of as many, refilled evenly); beyond: 429. */
  TOURISM_COLLECT_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /** The dashboard's public address: alert messages link to its live view. */
  TOURISM_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "an http(s) URL" })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
});

/** The settings with the rules that span several of them (Kafka's SASL and TLS; the two ways to give webhooks). */
export const configSchema = settingsSchema.superRefine(checkKafkaSecurity).superRefine((settings, ctx) => {
  if (settings.TOURISM_ALERT_WEBHOOKS && settings.TOURISM_ALERT_WEBHOOKS_FILE)
    ctx.addIssue({ code: "custom", path: ["TOURISM_ALERT_WEBHOOKS"], message: "set either this or TOURISM_ALERT_WEBHOOKS_FILE, not both" });
});

export type Config = z.infer<typeof configSchema>;

/** The webhooks capacity alerts are delivered to, whichever way they were given. */
export const alertWebhooks = (config: Config): WebhookSettings[] => config.TOURISM_ALERT_WEBHOOKS_FILE ?? config.TOURISM_ALERT_WEBHOOKS ?? [];

/** Settings whose values an error never repeats: they hold keys and passwords. */
const secretBearing = new Set(["TOURISM_ALERT_WEBHOOKS", "KAFKA_SASL_PASSWORD", "CLICKHOUSE_PASSWORD", "CLICKHOUSE_READONLY_PASSWORD", "TOURISM_TOKEN"]);

export class ConfigError extends Error {}

/** Parses the environment; a bad value throws one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const trimmed = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = configSchema.safeParse(trimmed);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const variable = String(issue.path[0]);
  const got = secretBearing.has(variable) ? "" : ` (got ${JSON.stringify(env[variable])})`;
  throw new ConfigError(`${variable}: ${issue.message}${got}`);
}
