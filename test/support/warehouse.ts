import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../infra/config.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { openServerWarehouse } from "../../infra/warehouse/server.ts";

/** Tests only ever touch databases named test_…; anything else is refused. */
export function testDatabaseName(label: string): string {
  return `test_${label.replace(/[^A-Za-z0-9_]/g, "_")}_${process.pid}_${Date.now().toString(36)}`;
}

function guard(database: string): void {
  if (!database.startsWith("test_")) throw new Error(`refusing to use non-test database ${database}`);
}

let embeddedDir: string | undefined;

/** One embedded data directory per test process (chdb's limit); one database per caller. */
export async function openTestEmbedded(label: string): Promise<Warehouse> {
  embeddedDir ??= mkdtempSync(join(tmpdir(), "tourism-test-"));
  const database = testDatabaseName(label);
  guard(database);
  return openEmbeddedWarehouse(embeddedDir, database);
}

export function embeddedDataDir(): string | undefined {
  return embeddedDir;
}

export interface ServerTarget {
  url: string;
  stop(): Promise<void>;
}

/**
 * A ClickHouse server for the server-adapter tests: CLICKHOUSE_URL when set, else a testcontainers
 * container when a Docker engine answers, else a reason to skip.
 */
export async function findClickHouseServer(): Promise<ServerTarget | { skip: string }> {
  const config = loadConfig(process.env);
  if (config.CLICKHOUSE_URL) return { url: config.CLICKHOUSE_URL, stop: async () => {} };
  try {
    const { GenericContainer, Wait, getContainerRuntimeClient } = await import("testcontainers");
    await getContainerRuntimeClient();
    const container = await new GenericContainer("clickhouse/clickhouse-server:25.8")
      .withExposedPorts(8123)
      .withEnvironment({ CLICKHOUSE_SKIP_USER_SETUP: "1" })
      .withWaitStrategy(Wait.forHttp("/ping", 8123))
      .start();
    return { url: `http://${container.getHost()}:${container.getMappedPort(8123)}`, stop: async () => void (await container.stop()) };
  } catch (err) {
    return { skip: `no CLICKHOUSE_URL and no Docker engine for testcontainers (${err instanceof Error ? err.message.split("\n")[0] : String(err)})` };
  }
}

export async function openTestServer(url: string, label: string): Promise<Warehouse> {
  const config = loadConfig(process.env);
  const database = testDatabaseName(label);
  guard(database);
  return openServerWarehouse({ url, user: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD, database });
}
