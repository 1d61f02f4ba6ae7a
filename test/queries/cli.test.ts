import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { exited, freePort, spawnTourism, stderrTail } from "../support/child.ts";
import { qingmingBatches, testFestivals, testRegister } from "./fixtures.ts";

/** The real `tourism` program in its own process, on its own data directory. */
const dir = mkdtempSync(join(tmpdir(), "tourism-cli-report-"));
const env = {
  ...process.env,
  TOURISM_DATA_DIR: join(dir, "data"),
  CLICKHOUSE_URL: "",
  CLICKHOUSE_DATABASE: "test_cli_reports",
  TOURISM_REGISTER: join(dir, "register.json"),
  TOURISM_FESTIVALS: join(dir, "festivals.json"),
  TOURISM_TOKENS: "",
  LOG_LEVEL: "silent",
};

function tourism(args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "queries/cli/main.ts", ...args], {
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  writeFileSync(env.TOURISM_REGISTER, JSON.stringify(testRegister));
  writeFileSync(env.TOURISM_FESTIVALS, JSON.stringify({ festivals: testFestivals }));
  writeFileSync(
    join(dir, "events.ndjson"),
    `${qingmingBatches()
      .flat()
      .map((e) => JSON.stringify(e))
      .join("\n")}\n`,
  );
  writeFileSync(join(dir, "tokens.json"), JSON.stringify({ tokens: [{ token: "operator-a-token-0000001", role: "operator:opA", name: "Farm A" }] }), {
    mode: 0o600,
  });
  expect(tourism(["migrate"]).status).toBe(0);
  const imported = tourism(["import", join(dir, "events.ndjson"), "--rejects", join(dir, "rejects.ndjson")]);
  expect(imported.status, imported.stderr).toBe(0);
});

describe("tourism report", () => {
  it("prints JSON in the issue's shape", () => {
    const run = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--site", "a1", "--format", "json"]);
    expect(run.status, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body).toMatchObject({
      comparable: false,
      current: { visitors: 425, revenue_cny: "330.25" },
      previous: { visitors: 100 },
      basis: { basis: "comparable", days: 1 },
      yoy: { visitors_pct: 30 },
      whole_period_yoy: { visitors_per_day_pct: 41.7 },
    });
  });

  it("opens holiday and festival reports on the latest with data, lists festival ids, and takes growth's years as --from/--to", () => {
    const holiday = tourism(["report", "holiday", "--format", "json"]);
    expect(holiday.status, holiday.stderr).toBe(0);
    expect(JSON.parse(holiday.stdout)).toMatchObject({ holiday: "qingming", year: 2024, current: { visitors: 495 } });
    const ofYear = tourism(["report", "holiday", "--year", "2023", "--format", "json"]);
    expect(JSON.parse(ofYear.stdout)).toMatchObject({ holiday: "qingming", year: 2023 });
    const festival = tourism(["report", "festival", "--format", "json"]);
    expect(festival.status, festival.stderr).toBe(0);
    expect(JSON.parse(festival.stdout)).toMatchObject({ festival: "spring-fair", year: 2024 });
    const none = tourism(["report", "holiday", "--holiday", "national_day"]);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe("tourism: --year: required: no national_day has data yet\n");

    const festivals = tourism(["festivals"]);
    expect(festivals.status, festivals.stderr).toBe(0);
    expect(festivals.stdout).toMatch(/^spring-fair\s+春集\s+Spring Fair\s+a1,b1\s+2023 \(2023-04-05\.\.2023-04-05\), 2024/m);

    const backwards = tourism(["report", "growth", "--from", "2024", "--to", "2023"]);
    expect(backwards.status).toBe(2);
    expect(backwards.stderr).toMatch(/^tourism: --to: expected a year ≥ from_year \(2024\)/);
  });

  it("ranks a breakdown and keeps --top rows", () => {
    const run = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--by", "site", "--top", "1", "--format", "json"]);
    expect(run.status, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body.breakdown.map((row: { rank: number; id: string; town_id: string }) => [row.rank, row.id, row.town_id])).toEqual([[1, "a1", "t1"]]);
    expect(body.towns.map((town: { id: string }) => town.id)).toEqual(["t1", "t2"]);
    const wrong = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--top", "0"]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe('tourism: --top: expected a number of breakdown rows from 1 to 999, got "0"\n');
  });

  it("prints a table in Chinese, or in English with --lang en, that names the comparable basis", () => {
    const run = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("接待人次");
    expect(run.stdout.replace(/\s+/g, "")).toContain("同比按可比口径比较两期前1天");
    expect(run.stdout).not.toContain("Visitors");
    const en = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--lang", "en"]);
    expect(en.status, en.stderr).toBe(0);
    expect(en.stdout).toContain("Visitors");
    // Notes wrap within the table's width: read them as one line.
    expect(en.stdout.replace(/\s+/g, " ")).toContain("year on year compares the first day of both (comparable basis)");
    expect(tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024"], { TOURISM_LANG: "en" }).stdout).toBe(en.stdout);
  });

  it("prints CSV headed in Chinese with units", () => {
    const run = tourism(["report", "growth", "--from", "2023", "--to", "2024", "--format", "csv"]);
    expect(run.status, run.stderr).toBe(0);
    expect([...Buffer.from(run.stdout, "utf8").subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 byte-order mark
    expect(run.stdout.split("\r\n")[0]).toBe(
      "\uFEFF年份,接待人次,人次同比（%）,人次较基准年（%）,营业额（元）,营业额同比（%）,营业额较基准年（%）,数据完整,缺数据天数,营业额不公开,无数据原因",
    );
  });

  it("rejects a wrong value in one line naming the flag, exit 2", () => {
    const run = tourism(["report", "trend", "--from", "2024-04-01", "--to", "2024-04-30", "--granularity", "year"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('tourism: --granularity: expected one of day|week|month, got "year"\n');
  });

  it("refuses a data directory never migrated in one line saying how to migrate it, exit 2", () => {
    const empty = join(dir, "never-migrated");
    for (const args of [["report", "holiday", "--holiday", "qingming", "--year", "2024"], ["alerts"], ["bulletins"]]) {
      const run = tourism(args, { TOURISM_DATA_DIR: empty });
      expect(run.status, `${args.join(" ")}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toBe(
        `tourism: the data directory ${empty} holds no tourism store yet: run \`tourism migrate\` (or \`tourism start\`/\`run\`, which migrate on opening)\n`,
      );
    }
  });

  it("bounds dates and years as the API does, with the same messages", () => {
    const far = tourism(["report", "trend", "--from", "9999-12-31", "--to", "9999-12-31", "--align", "weekday"]);
    expect(far.status).toBe(2);
    expect(far.stderr).toMatch(/^tourism: --from: expected a date from 2015-01-01 to \d{4}-\d{2}-\d{2}, got "9999-12-31"\n$/);
    const early = tourism(["report", "growth", "--from", "2023", "--to", "2024", "--baseline", "1970"]);
    expect(early.status).toBe(2);
    expect(early.stderr).toMatch(/^tourism: --baseline: expected a year from 2015 to \d{4}, got "1970"\n$/);
  });

  it("acts for a token's holder and refuses what the role may not see", () => {
    const tokensEnv = { TOURISM_TOKENS: join(dir, "tokens.json") };
    const denied = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--town", "t1", "--token", "operator-a-token-0000001"], tokensEnv);
    expect(denied.status).toBe(2);
    expect(denied.stderr).toBe("tourism: --token: operator:opA sees its own figures and alliance-wide aggregates, not town figures\n");
    const unseen = tourism(
      ["report", "holiday", "--holiday", "qingming", "--year", "2024", "--operator", "opB", "--token", "operator-a-token-0000001"],
      tokensEnv,
    );
    expect(unseen.status).toBe(2);
    expect(unseen.stderr).toBe('tourism: --operator: expected one of opA, got "opB"\n');
    const unknown = tourism(["report", "growth", "--from", "2023", "--to", "2024", "--token", "nope"], tokensEnv);
    expect(unknown.stderr).toBe("tourism: --token: not a token in TOURISM_TOKENS\n");
  });

  it("takes the token from TOURISM_TOKEN, out of the process list", () => {
    const tokensEnv = { TOURISM_TOKENS: join(dir, "tokens.json"), TOURISM_TOKEN: "operator-a-token-0000001" };
    const denied = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--town", "t1"], tokensEnv);
    expect(denied.status).toBe(2);
    expect(denied.stderr).toBe("tourism: TOURISM_TOKEN: operator:opA sees its own figures and alliance-wide aggregates, not town figures\n");
    const own = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--operator", "opA", "--format", "json"], tokensEnv);
    expect(own.status, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout)).toMatchObject({ current: { revenue_fen: 33025, revenue_withheld: false } });
  });

  it("marks withheld revenue in the table, and leaves it empty with the withheld flag beside it in CSV", () => {
    // Alliance-wide, opA's and opB's sales: one other operator, fewer than three.
    const tokensEnv = { TOURISM_TOKENS: join(dir, "tokens.json"), TOURISM_TOKEN: "operator-a-token-0000001" };
    const table = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024"], tokensEnv);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toContain("不公开");
    // Notes wrap within the table's width: compared without their white space.
    const squeezed = (text: string) => text.replace(/\s+/g, "");
    expect(squeezed(table.stdout)).toContain(squeezed("营业额按统计披露规则不公开：此数中有的日子有销售的其他经营主体少于 3 家（门槛规则，按日）。"));
    const csv = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--format", "csv"], tokensEnv);
    const [header, current] = csv.stdout.split("\r\n").map((line) => line.split(","));
    const field = (name: string) => current![header!.indexOf(name)];
    expect([field("接待人次"), field("营业额（元）"), field("可比口径营业额同比（%）"), field("营业额不公开")]).toEqual(["495", "", "", "是"]);
  });
});

describe("tourism report bulletin and the archive", () => {
  const bulletin = ["report", "bulletin", "--holiday", "qingming", "--year", "2024", "--date", "2024-04-04", "--site", "a1"];

  it("prints the bulletin; --archive files it, tourism bulletins lists it and shows it as sent", () => {
    const preview = tourism(bulletin);
    expect(preview.status, preview.stderr).toBe(0);
    expect(preview.stdout).toBe(
      "景点a1 2024年清明假期旅游统计日报（2024-04-04）\n廊下·大云·广陈乡村振兴联盟办公室　2024年4月4日\n\n" +
        "截至4月4日24时，清明假期首日景点a1累计接待游客130人次；实现旅游收入100.00元。按可比口径（今年假期三天、上年一天，比较假期首日），接待游客同比增长30.0%，旅游收入同比增长100.0%。\n",
    );
    // The office is configured; so is the alliance's name, which an alliance-wide bulletin's title carries.
    const named = tourism(["report", "bulletin", "--holiday", "qingming", "--year", "2024", "--date", "2024-04-04"], {
      TOURISM_BULLETIN_OFFICE: "联盟秘书处",
      TOURISM_ALLIANCE_NAME: "三镇联盟",
    });
    expect(named.stdout.split("\n").slice(0, 2)).toEqual(["三镇联盟 2024年清明假期旅游统计日报（2024-04-04）", "联盟秘书处　2024年4月4日"]);
    expect(tourism(["bulletins", "--format", "json"]).stdout).toBe("[]\n"); // a preview files nothing

    // Filing is staff's act on the command line as on the API: an operator's token files nothing.
    expect(tourism([...bulletin, "--archive"], { TOURISM_TOKENS: join(dir, "tokens.json"), TOURISM_TOKEN: "operator-a-token-0000001" })).toMatchObject({
      status: 2,
      stderr: "tourism: TOURISM_TOKEN: operator:opA may not file bulletins; staff only\n",
    });
    expect(tourism(["bulletins", "--format", "json"]).stdout).toBe("[]\n");

    const filed = tourism([...bulletin, "--archive", "--lang", "en"]);
    expect(filed.status, filed.stderr).toBe(0);
    const id = /archived as (\S+)/.exec(filed.stderr)?.[1];
    const listed = JSON.parse(tourism(["bulletins", "--holiday", "qingming", "--year", "2024", "--format", "json"]).stdout);
    expect(listed).toMatchObject([
      { id, holiday: "qingming", year: 2024, date: "2024-04-04", as_of: "24:00", scope: "site:a1", lang: "en", generated_by: "staff" },
    ]);
    expect(tourism(["bulletins", "show", id!]).stdout).toBe(filed.stdout);
    // The archive's table names the holiday in the reader's language, its time in Asia/Shanghai.
    const table = tourism(["bulletins", "--lang", "en"]);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^2024-04-04 +Qingming +24:00 +2024 +site:a1 +en +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00 +staff/m);
    expect(tourism(["bulletins", "show", "00000000-0000-0000-0000-000000000000"])).toMatchObject({
      status: 2,
      stderr: "tourism: id: no archived bulletin 00000000-0000-0000-0000-000000000000 (tourism bulletins lists them)\n",
    });
  });

  it("refuses --archive of a bulletin whose counts cannot be cut at its hour, naming the site, until --accept-incomplete", () => {
    // a1 on 4 April 2024: counts at 00:30 and 09:00; at 08:00 the 09:00 count covers hours before the cut.
    const early = [...bulletin, "--as-of", "08:00"];
    const preview = tourism(early);
    expect(preview.status, preview.stderr).toBe(0);
    expect(preview.stdout).toContain("注：景点a1的客流计数无法截至8时");
    const refused = tourism([...early, "--archive"]);
    expect(refused.status).toBe(2);
    // Last year's compared day (5 April 2023: one count at 10:00) cannot be cut at 08:00 either.
    expect(refused.stderr).toMatch(/^tourism: --accept-incomplete: the gate counts of 2023-04-05: a1; 2024-04-04: a1 cannot be cut at 08:00/);
    expect(JSON.parse(tourism(["bulletins", "--format", "json"]).stdout).filter((b: { as_of: string }) => b.as_of === "08:00")).toEqual([]);
    const filed = tourism([...early, "--archive", "--accept-incomplete"]);
    expect(filed.status, filed.stderr).toBe(0);
    expect(filed.stderr).toMatch(/archived as /);
  });

  it("--archive beside a running tourism serve is filed by it through its API, refused there too until confirmed", async () => {
    const serve = spawnTourism(["serve", "--port", String(await freePort())], { ...env, TOURISM_TOKENS: join(dir, "tokens.json"), LOG_LEVEL: "warn" });
    try {
      for (const started = Date.now(); !existsSync(join(env.TOURISM_DATA_DIR, "owner.json")); ) {
        if (Date.now() - started > 60_000) throw new Error(`serve did not start: ${stderrTail(serve)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const filed = tourism([...bulletin, "--as-of", "17:00", "--archive"]);
      expect(filed.status, filed.stderr).toBe(0);
      const id = /archived as (\S+) by tourism serve/.exec(filed.stderr)?.[1];
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(filed.stdout.startsWith("景点a1 2024年清明假期旅游统计日报（2024-04-04）\n")).toBe(true);
      expect(tourism(["bulletins", "show", id!]).stdout).toBe(filed.stdout);
      const refused = tourism([...bulletin, "--as-of", "08:00", "--archive"]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/--accept-incomplete: the gate counts of 2023-04-05: a1; 2024-04-04: a1 cannot be cut at 08:00/);
    } finally {
      serve.kill("SIGTERM");
      await exited(serve);
    }
  }, 120_000);

  it("refuses xlsx without --output, naming --output", () => {
    for (const args of [bulletin, ["report", "growth", "--from", "2023", "--to", "2024"]]) {
      const run = tourism([...args, "--format", "xlsx"]);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe("tourism: --output: required with --format xlsx (the file to write)\n");
    }
  });

  it("writes reports and the bulletin as xlsx files with real numbers", async () => {
    const file = join(dir, "holiday.xlsx");
    const run = tourism(["report", "holiday", "--holiday", "qingming", "--year", "2024", "--site", "a1", "--format", "xlsx", "--output", file]);
    expect(run.status, run.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const ws = book.worksheets[0]!;
    expect(ws.name).toBe("holiday");
    const header = ws.getRow(4).values as unknown[];
    const current = ws.getRow(5);
    expect(current.getCell(header.indexOf("接待人次")).value).toBe(425);
    expect(current.getCell(header.indexOf("营业额（元）")).value).toBe(330.25);
    expect(current.getCell(header.indexOf("营业额（元）")).numFmt).toBe("#,##0.00");
    expect(current.getCell(header.indexOf("开始")).value).toEqual(new Date("2024-04-04T00:00:00Z"));
    expect(current.getCell(header.indexOf("数据完整")).value).toBe(true);

    const bulletinFile = join(dir, "bulletin.xlsx");
    expect(tourism([...bulletin, "--format", "xlsx", "--output", bulletinFile]).status).toBe(0);
    const bulletinBook = new ExcelJS.Workbook();
    await bulletinBook.xlsx.readFile(bulletinFile);
    const sheet = bulletinBook.worksheets[0]!;
    expect(String(sheet.getCell("A3").value)).toBe("景点a1 2024年清明假期旅游统计日报（2024-04-04）");
    expect(String(sheet.getCell("A4").value)).toBe("廊下·大云·广陈乡村振兴联盟办公室　2024年4月4日");
    expect(String(sheet.getCell("A5").value)).toContain("累计接待游客130人次");
    expect(sheet.getRow(8).getCell(4).value).toBe(130);
    expect(sheet.getRow(8).getCell(5).value).toBeCloseTo(0.3, 10);
  });
});
