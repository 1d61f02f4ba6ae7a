import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import { type Warehouse, WarehouseError } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
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

  it("counts a statement's change for the tables it may change: an insert its table, an exec those it names, or every table when it names none", async () => {
    await warehouse.exec("CREATE TABLE other_ids (id String) ENGINE = MergeTree ORDER BY id");
    const elsewhere = await openTestEmbedded("sole_writer_elsewhere");
    await elsewhere.exec("CREATE TABLE ids (id String) ENGINE = MergeTree ORDER BY id");
    const sole = warehouse.soleWriter!;
    const counts = () => [sole.changes("ids"), sole.changes("other_ids")];
    try {
      let before = counts();
      const since = () => counts().map((n, i) => n - before[i]!);
      await warehouse.insert("ids", [{ id: "a" }]);
      expect(since()).toEqual([1, 0]);
      before = counts();
      await warehouse.exec("INSERT INTO other_ids VALUES ('b')", {}, { changes: ["other_ids"] });
      expect(since()).toEqual([0, 1]);
      before = counts();
      // A table of the same name in another database is another table.
      await elsewhere.insert("ids", [{ id: "c" }]);
      await elsewhere.exec("INSERT INTO ids VALUES ('d')", {}, { changes: ["ids"] });
      expect(since()).toEqual([0, 0]);
      before = counts();
      // Named by no one, a statement may change anything, here or in another database.
      await warehouse.exec("INSERT INTO ids SELECT id FROM other_ids");
      await elsewhere.exec("INSERT INTO ids VALUES ('e')");
      expect(since()).toEqual([2, 2]);
      before = counts();
      // A failed statement may have changed rows too.
      await expect(warehouse.insert("ids", { columns: ["id"], lines: ["not json"] })).rejects.toBeInstanceOf(WarehouseError);
      expect(since()).toEqual([1, 0]);
    } finally {
      await elsewhere.exec(`DROP DATABASE IF EXISTS ${elsewhere.database}`);
      await elsewhere.close();
    }
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

describe("embedded warehouse: inserts issued together", () => {
  const tables = ["tickets", "footfall"] as const;
  let one: Warehouse;
  let other: Warehouse;
  beforeAll(async () => {
    one = await openTestEmbedded("inserts_together");
    other = await openTestEmbedded("inserts_together_other");
    for (const warehouse of [one, other]) {
      for (const table of tables) {
        await warehouse.exec(
          `CREATE TABLE ${table} (id String, CONSTRAINT no_poison CHECK id != 'poison') ENGINE = MergeTree ORDER BY id SETTINGS fsync_after_insert = 1, fsync_part_directory = 1`,
        );
      }
    }
  });
  afterAll(async () => {
    for (const warehouse of [one, other]) {
      await warehouse.exec(`DROP DATABASE IF EXISTS ${warehouse.database}`);
      await warehouse.close();
    }
  });

  const rows = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}` }));
  const counts = (warehouse: Warehouse) =>
    warehouse.query(
      "SELECT (SELECT count() FROM tickets) AS tickets, (SELECT count() FROM footfall) AS footfall",
      {},
      z.object({ tickets: int64, footfall: int64 }),
    );

  it("lands each in its own database and table, a refused one alone, and a statement queued after them sees them all", async () => {
    const inserts = [
      one.insert("tickets", rows("a", 2000)),
      one.insert("footfall", rows("b", 3000)),
      // Another database between them: its insert must not run in the first one's.
      other.insert("tickets", rows("c", 500)),
      one.insert("tickets", rows("d", 700)),
      one.insert("footfall", [{ id: "fine" }, { id: "poison" }]),
      other.insert("footfall", rows("e", 10)),
    ];
    const seenAfter = counts(one);
    const settled = await Promise.allSettled(inserts);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const refusal = (settled[4] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(WarehouseError);
    expect((refusal as WarehouseError).failure).toBe("refused");
    expect(await seenAfter).toEqual([{ tickets: 2700, footfall: 3000 }]);
    expect(await counts(other)).toEqual([{ tickets: 500, footfall: 10 }]);
  });

  it("runs a read that need not see the inserts beside them: inserts queued after it do not wait for it, a statement queued after all waits for all", async () => {
    const ended: string[] = [];
    const noting = <T>(name: string, work: Promise<T>) => work.finally(() => ended.push(name));
    const before = (await counts(one))[0]!;
    const work = [
      noting("first insert", one.insert("tickets", rows("f", 100))),
      // Half a second of the engine's time: an insert queued after a read that waited its turn would end after it.
      noting("read", one.query("SELECT sleep(0.5) AS slept", {}, z.object({ slept: z.number() }), { besideInserts: true })),
      noting("later insert", one.insert("footfall", rows("g", 100))),
      noting("count", counts(one)),
    ];
    const [, , , seen] = await Promise.all(work);
    expect(ended.slice(0, 2).sort()).toEqual(["first insert", "later insert"]);
    expect(ended.slice(2)).toEqual(["read", "count"]);
    expect(seen).toEqual([{ tickets: before.tickets + 100, footfall: before.footfall + 100 }]);
  });
});
