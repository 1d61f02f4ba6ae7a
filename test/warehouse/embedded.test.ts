import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { embeddedDataDir, openTestEmbedded } from "../support/warehouse.ts";
import { warehouseContract } from "./contract.ts";

warehouseContract("embedded (chdb)", openTestEmbedded);

describe("embedded warehouse: the sole writer of its data directory", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openTestEmbedded("sole_writer");
    await warehouse.exec("CREATE TABLE ids (id String) ENGINE = MergeTree ORDER BY id");
  });
  afterAll(async () => {
    await warehouse.exec(`DROP DATABASE IF EXISTS ${warehouse.database}`);
    await warehouse.close();
  });

  it("reads a String column as each value's exact UTF-8 bytes", async () => {
    const values = ["", "f1", "票-廊下 🌸", "tab\there\nnewline\\", "x".repeat(200), "y".repeat(20_000)];
    await warehouse.insert(
      "ids",
      values.map((id) => ({ id })),
    );
    const read: string[] = [];
    await warehouse.soleWriter!.forEachString("SELECT id FROM ids WHERE id != {skip:String}", { skip: "f1" }, (bytes, start, end) =>
      read.push(Buffer.from(bytes.subarray(start, end)).toString("utf8")),
    );
    expect(read.sort()).toEqual(values.filter((v) => v !== "f1").sort());
  });

  it("names one scope for the handles on a database, another for another database", async () => {
    const same = await openEmbeddedWarehouse(embeddedDataDir()!, warehouse.database);
    expect(same.soleWriter!.scope).toBe(warehouse.soleWriter!.scope);
    await same.close();
    const other = await openTestEmbedded("sole_writer_other");
    try {
      expect(other.soleWriter!.scope).not.toBe(warehouse.soleWriter!.scope);
    } finally {
      await other.exec(`DROP DATABASE IF EXISTS ${other.database}`);
      await other.close();
    }
  });
});
