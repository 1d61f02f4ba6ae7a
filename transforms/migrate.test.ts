import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MigrationError, migrationFiles, splitStatements } from "./migrate.ts";

describe("migrationFiles", () => {
  it("lists the shipped migrations in order, each number once", async () => {
    const files = await migrationFiles();
    expect(files[0]).toBe("001_event_tables.sql");
    const numbers = files.map((name) => name.slice(0, name.indexOf("_")));
    expect(new Set(numbers).size).toBe(files.length);
  });

  it("refuses two files with one number", async () => {
    const dir = await mkdtemp(join(tmpdir(), "migrations-"));
    for (const name of ["001_a.sql", "002_b.sql", "002_c.sql", "notes.txt"]) await writeFile(join(dir, name), "SELECT 1;\n");
    await expect(migrationFiles(dir)).rejects.toThrow(MigrationError);
    await expect(migrationFiles(dir)).rejects.toThrow("002_b.sql and 002_c.sql share the number 002");
  });
});

describe("splitStatements", () => {
  it("splits at a semicolon ending a line and drops comment lines", () => {
    expect(splitStatements("-- why\nCREATE TABLE a (x UInt8) ENGINE = Memory;\nALTER TABLE a ADD COLUMN y String DEFAULT ';';\n")).toEqual([
      "CREATE TABLE a (x UInt8) ENGINE = Memory",
      "ALTER TABLE a ADD COLUMN y String DEFAULT ';'",
    ]);
  });
});
