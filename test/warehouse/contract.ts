import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { WarehouseError } from "../../infra/warehouse/port.ts";
import { date, int64 } from "../../infra/warehouse/rows.ts";

/** The contract every warehouse adapter keeps; run against each adapter by its own test file. */
export function warehouseContract(name: string, open: (label: string) => Promise<Warehouse>): void {
  describe(`warehouse contract: ${name}`, () => {
    let warehouse: Warehouse;
    beforeAll(async () => {
      warehouse = await open("contract");
      await warehouse.exec(
        `CREATE TABLE IF NOT EXISTS sample (id String, n UInt64, fen Int64, price Decimal(18, 2), day Date,
           at DateTime64(3, 'UTC'), note Nullable(String)) ENGINE = MergeTree ORDER BY id`,
      );
    });
    afterAll(async () => {
      await warehouse.exec(`DROP DATABASE IF EXISTS ${warehouse.database}`);
      await warehouse.close();
    });

    it("inserts rows and reads them back with the same JS types", async () => {
      await warehouse.insert("sample", [
        { id: "a", n: "18446744073709551615", fen: -12345, price: "68.50", day: "2024-04-04", at: "2024-04-03 16:30:00.000", note: null },
        { id: "b", n: 7, fen: 9007199254740991, price: "0.05", day: "2019-04-05", at: "2019-04-05 01:02:03.456", note: "清明 🌸" },
      ]);
      const rows = await warehouse.query(
        "SELECT id, n, fen, price, day, at, note FROM sample ORDER BY id",
        {},
        z.object({ id: z.string(), n: z.string(), fen: z.string(), price: z.string(), day: z.string(), at: z.string(), note: z.string().nullable() }),
      );
      expect(rows).toEqual([
        { id: "a", n: "18446744073709551615", fen: "-12345", price: "68.50", day: "2024-04-04", at: "2024-04-03T16:30:00.000Z", note: null },
        { id: "b", n: "7", fen: "9007199254740991", price: "0.05", day: "2019-04-05", at: "2019-04-05T01:02:03.456Z", note: "清明 🌸" },
      ]);
    });

    it("gives a column that rows of an insert leave out its default", async () => {
      await warehouse.insert("sample", [
        { id: "d1", n: 1, fen: 1, price: "1.00", day: "2024-04-04", at: "2024-04-04 00:00:00.000" },
        { id: "d2", n: 2, fen: 2, price: "2.00", day: "2024-04-04", at: "2024-04-04 00:00:00.000", note: "given" },
      ]);
      const rows = await warehouse.query(
        "SELECT id, note FROM sample WHERE id IN ('d1', 'd2') ORDER BY id",
        {},
        z.object({ id: z.string(), note: z.string().nullable() }),
      );
      expect(rows).toEqual([
        { id: "d1", note: null },
        { id: "d2", note: "given" },
      ]);
      await warehouse.exec("DELETE FROM sample WHERE id IN ('d1', 'd2')");
    });

    it("compiles no expression or aggregate to machine code", async () => {
      const compiling = z.object({ expressions: z.number(), aggregates: z.number() });
      const sql = "SELECT toUInt8(getSetting('compile_expressions')) AS expressions, toUInt8(getSetting('compile_aggregate_expressions')) AS aggregates";
      expect(await warehouse.query(sql, {}, compiling)).toEqual([{ expressions: 0, aggregates: 0 }]);
    });

    it("binds {name:Type} parameters, never splicing them into SQL", async () => {
      const hostile = "a' OR 1=1 --";
      const rows = await warehouse.query(
        "SELECT count() AS c, sum(fen) AS s FROM sample WHERE id IN {ids:Array(String)} OR id = {hostile:String} OR day = {day:Date}",
        { ids: ["a"], hostile, day: "2019-04-05" },
        z.object({ c: int64, s: int64 }),
      );
      expect(rows).toEqual([{ c: 2, s: 9007199254740991 - 12345 }]);
    });

    it("returns typed rows through the caller's schema and refuses rows that do not match", async () => {
      const rows = await warehouse.query("SELECT toDate('2024-02-29') AS d, toUInt64(3) AS n", {}, z.object({ d: date, n: int64 }));
      expect(rows).toEqual([{ d: "2024-02-29", n: 3 }]);
      await expect(warehouse.query("SELECT 'x' AS d", {}, z.object({ d: date }))).rejects.toBeInstanceOf(WarehouseError);
    });

    it("runs parameterised statements", async () => {
      await warehouse.exec("INSERT INTO sample (id, n, fen, price, day, at) SELECT {id:String}, 1, 2, 3, today(), now64(3)", { id: "c" });
      const rows = await warehouse.query("SELECT count() AS c FROM sample WHERE id = {id:String}", { id: "c" }, z.object({ c: int64 }));
      expect(rows).toEqual([{ c: 1 }]);
    });

    it("reports ClickHouse's own message for a bad statement", async () => {
      await expect(warehouse.exec("SELEC 1")).rejects.toThrow(/Syntax error/);
    });
  });
}
