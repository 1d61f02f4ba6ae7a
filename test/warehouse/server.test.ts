import { afterAll, describe, it } from "vitest";
import { findClickHouseServer, openTestServer } from "../support/warehouse.ts";
import { warehouseContract } from "./contract.ts";

const server = await findClickHouseServer();

if ("skip" in server) {
  describe("warehouse contract: server (@clickhouse/client)", () => {
    it.skip(`skipped: ${server.skip}`, () => {});
  });
} else {
  afterAll(() => server.stop());
  warehouseContract("server (@clickhouse/client)", (label) => openTestServer(server.url, label));
}
