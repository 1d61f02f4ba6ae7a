import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import type { z } from "zod";

/** The Kafka security settings as the configuration schema parses them. */
export interface KafkaSecuritySettings {
  KAFKA_SASL_MECHANISM?: "plain" | "scram-sha-256" | "scram-sha-512" | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
  KAFKA_TLS: boolean;
  KAFKA_TLS_CA_FILE?: string | undefined;
  KAFKA_TLS_CERT_FILE?: string | undefined;
  KAFKA_TLS_KEY_FILE?: string | undefined;
}

type Variable = keyof KafkaSecuritySettings;

/** Why a PEM file cannot serve, or undefined when it can: checked before any connection is tried. */
function pemProblem(file: string, kind: "certificate" | "key"): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    return `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  try {
    if (kind === "certificate") new X509Certificate(text);
    else createPrivateKey(text);
    return undefined;
  } catch {
    return kind === "certificate" ? "not a PEM certificate" : "not an unencrypted PEM private key";
  }
}

/**
 * Settings that cannot work together, each reported on the variable to fix: a SASL mechanism needs
 * a user name and password (and they need a mechanism), certificate files need KAFKA_TLS=true, a
 * client certificate needs its key (and the other way round), and every file must be readable PEM.
 */
export function checkKafkaSecurity(settings: KafkaSecuritySettings, ctx: z.RefinementCtx): void {
  const problem = (variable: Variable, message: string) => ctx.addIssue({ code: "custom", path: [variable], message });
  const { KAFKA_SASL_MECHANISM: mechanism } = settings;
  for (const variable of ["KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"] as const) {
    if (mechanism && settings[variable] === undefined) problem(variable, `required with KAFKA_SASL_MECHANISM=${mechanism}`);
    if (!mechanism && settings[variable] !== undefined) problem("KAFKA_SASL_MECHANISM", `required with ${variable}: plain, scram-sha-256 or scram-sha-512`);
  }
  const files = ["KAFKA_TLS_CA_FILE", "KAFKA_TLS_CERT_FILE", "KAFKA_TLS_KEY_FILE"] as const;
  for (const variable of files) {
    const file = settings[variable];
    if (file === undefined) continue;
    if (!settings.KAFKA_TLS) problem("KAFKA_TLS", `must be true with ${variable}`);
    const why = pemProblem(file, variable === "KAFKA_TLS_KEY_FILE" ? "key" : "certificate");
    if (why) problem(variable, `${file}: ${why}`);
  }
  if (settings.KAFKA_TLS_CERT_FILE !== undefined && settings.KAFKA_TLS_KEY_FILE === undefined)
    problem("KAFKA_TLS_KEY_FILE", "required with KAFKA_TLS_CERT_FILE (the client certificate's private key)");
  if (settings.KAFKA_TLS_KEY_FILE !== undefined && settings.KAFKA_TLS_CERT_FILE === undefined)
    problem("KAFKA_TLS_CERT_FILE", "required with KAFKA_TLS_KEY_FILE (the client certificate)");
}
