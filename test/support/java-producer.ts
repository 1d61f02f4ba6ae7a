import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { testBrokers } from "./kafka.ts";

const run = promisify(execFile);
const kafkaDir = fileURLToPath(new URL("../../infra/kafka/", import.meta.url));
const producerSource = fileURLToPath(new URL("./java/CompressedProducer.java", import.meta.url));

/** The codecs Kafka has, by the names its clients and topic configs use. */
export const kafkaCodecNames = ["gzip", "snappy", "lz4", "zstd"] as const;
export type KafkaCodecName = (typeof kafkaCodecNames)[number];

let classpath: Promise<string> | undefined;

/**
 * The broker's classpath (Kafka's Java client and its snappy, lz4 and zstd libraries): the file
 * infra/kafka/up.sh resolved for this checkout (KAFKA_STATE_DIR as up.sh reads it), else resolved
 * the same way with Maven into a temporary file.
 */
export function kafkaClasspath(): Promise<string> {
  classpath ??= (async () => {
    const stateFile = join(process.env.KAFKA_STATE_DIR ?? join(kafkaDir, ".state"), "classpath.txt");
    if (existsSync(stateFile)) return readFileSync(stateFile, "utf8").trim();
    const outputFile = join(mkdtempSync(join(tmpdir(), "kafka-classpath-")), "classpath.txt");
    await run("mvn", ["-q", "-B", "-f", join(kafkaDir, "pom.xml"), "dependency:build-classpath", `-Dmdep.outputFile=${outputFile}`], { timeout: 300_000 });
    return readFileSync(outputFile, "utf8").trim();
  })();
  return classpath;
}

/** A record for the Java producer: its topic, its value, and its partition (the client's choice when omitted). */
export interface JavaRecord {
  topic: string;
  value: string | Buffer;
  partition?: number;
}

/**
 * Sends the records, in order, through Kafka's own Java client with `compression.type` = codec,
 * acks=all, lingering so that records sent together share a compressed batch.
 */
export async function produceWithJava(codec: KafkaCodecName, records: readonly JavaRecord[]): Promise<void> {
  const cp = await kafkaClasspath();
  const input = records.map((r) => `${r.topic}\t${r.partition ?? "-"}\t${Buffer.from(r.value).toString("base64")}\n`).join("");
  const child = execFile("java", ["-cp", cp, producerSource, testBrokers(), codec], { timeout: 180_000, maxBuffer: 1024 * 1024 });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.stdin!.end(input);
  const code = await exited;
  if (code !== 0 || !stdout.includes(`sent ${records.length}`)) throw new Error(`Java producer (${codec}) exited ${code}: ${stderr}`);
}
