import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("./tourism", import.meta.url));
const entry = fileURLToPath(new URL("./tourism.mjs", import.meta.url));

/** A `node` first on PATH that prints the arguments the script starts it with, one a line. */
const printingNode = (() => {
  const dir = mkdtempSync(join(tmpdir(), "tourism-node-"));
  writeFileSync(join(dir, "node"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
  chmodSync(join(dir, "node"), 0o755);
  return dir;
})();

/** The arguments node gets when `tourism ARGS…` runs with this environment. */
function nodeArgs(args: string[], env: Record<string, string> = {}, bin = script): string[] {
  const out = execFileSync(bin, args, { env: { PATH: `${printingNode}${delimiter}${process.env.PATH}`, ...env }, encoding: "utf8" });
  return out.split("\n").slice(0, -1);
}

const bound = (mb: number) => [`--max-old-space-size=${mb}`, "--max-semi-space-size=8"];

describe("the tourism script's heap bound", () => {
  it("bounds the long-running commands when asked and leaves the others, and everything by default, to node", () => {
    for (const command of ["ingest", "run", "start"]) {
      expect(nodeArgs([command, "--port", "8080"], { TOURISM_NODE_MAX_HEAP_MB: "256" })).toEqual([...bound(256), entry, command, "--port", "8080"]);
      expect(nodeArgs([command])).toEqual([entry, command]);
    }
    for (const command of ["serve", "report", "import", "migrate", "--help"])
      expect(nodeArgs([command], { TOURISM_NODE_MAX_HEAP_MB: "256" })).toEqual([entry, command]);
  });

  it("takes TOURISM_NODE_MAX_HEAP_MB, 0 for node's own bound", () => {
    expect(nodeArgs(["ingest"], { TOURISM_NODE_MAX_HEAP_MB: "512" })).toEqual([...bound(512), entry, "ingest"]);
    for (const none of ["0", "00", ""]) expect(nodeArgs(["ingest"], { TOURISM_NODE_MAX_HEAP_MB: none })).toEqual([entry, "ingest"]);
  });

  it("leaves a value that is not a number to the configuration's check", () => {
    for (const bad of ["lots", "256MB", "-1", "2 56", "$(reboot)"]) expect(nodeArgs(["run"], { TOURISM_NODE_MAX_HEAP_MB: bad })).toEqual([entry, "run"]);
  });

  it("keeps a bound or semi-space size NODE_OPTIONS gives node (a person's choice)", () => {
    const env = { TOURISM_NODE_MAX_HEAP_MB: "256" };
    expect(nodeArgs(["start"], { ...env, NODE_OPTIONS: "--enable-source-maps --max-old-space-size=2048" })).toEqual([entry, "start"]);
    expect(nodeArgs(["start"], { ...env, NODE_OPTIONS: "--max-semi-space-size=16" })).toEqual(["--max-old-space-size=256", entry, "start"]);
  });

  it("passes every argument on as it came, and finds tourism.mjs through a link to the script (npm's bin)", () => {
    expect(nodeArgs(["report", "holiday", "a b", "*", "--name=$HOME"])).toEqual([entry, "report", "holiday", "a b", "*", "--name=$HOME"]);
    const link = join(mkdtempSync(join(tmpdir(), "tourism-bin-")), "tourism");
    symlinkSync(script, link);
    expect(nodeArgs(["ingest"], { TOURISM_NODE_MAX_HEAP_MB: "256" }, link)).toEqual([...bound(256), entry, "ingest"]);
  });

  it("is named when tourism.mjs is started without it, so a unit starting node on it directly does not lose the bound unsaid", () => {
    const stderr = (command: string, args: string[], env: Record<string, string>) =>
      spawnSync(command, args, { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" }).stderr;
    const warning = "TOURISM_NODE_MAX_HEAP_MB is not applied";
    expect(stderr(process.execPath, [entry, "--help"], { TOURISM_NODE_MAX_HEAP_MB: "256" })).toContain(warning);
    expect(stderr(process.execPath, [entry, "--help"], {})).not.toContain(warning);
    expect(stderr(process.execPath, [entry, "--help"], { TOURISM_NODE_MAX_HEAP_MB: "0" })).not.toContain(warning);
    expect(stderr(script, ["--help"], { TOURISM_NODE_MAX_HEAP_MB: "256" })).not.toContain(warning);
  });
});
