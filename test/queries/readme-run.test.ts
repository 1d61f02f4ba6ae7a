import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { exited, freePort, runTourism, spawnTourism, untilReady } from "../support/child.ts";

const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");

/** The README's "Run it for real" section, up to the next heading of its level. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no section "${title}"`);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The ```sh blocks of a text, each as its lines. */
const shellBlocks = (text: string): string[][] => [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trimEnd().split("\n"));

/** A command line as a shell splits it: words, double-quoted words kept whole, a trailing comment dropped. */
function words(line: string): string[] {
  const found: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|(#.*$)|(\S+)/g)) {
    if (m[2] !== undefined) break;
    found.push(m[1] ?? m[3]!);
  }
  return found;
}

/**
 * Follows the section as a person would on a fresh machine: its first block (settings, two tokens,
 * `tourism run`), then its first `curl`, whose answer the README prints below it. Only the absolute
 * paths move under a temporary directory and the port is a free one; the words are the README's.
 */
describe("the README's Run it for real", () => {
  it("runs as written: tokens made, run started, the curl example answered as printed", async () => {
    const text = section("Run it for real");
    const [setup, http] = shellBlocks(text);
    if (!setup || !http) throw new Error("the section lost its command blocks");
    const root = mkdtempSync(join(tmpdir(), "tourism-readme-"));
    const port = await freePort();
    // A fresh shell: only what the block exports (this run's KAFKA_BROKERS, say, is not the reader's).
    const env: Record<string, string> = { PORT: String(port), KAFKA_BROKERS: "", TOURISM_TOKEN: "" };
    const tokens = new Map<string, string>();
    let run: ReturnType<typeof spawnTourism> | undefined;
    try {
      for (const line of setup) {
        const [command, ...rest] = words(line);
        if (command === "export") {
          for (const pair of rest) {
            const [name, value] = pair.split("=") as [string, string];
            env[name] = value.startsWith("/") ? join(root, value) : value;
          }
        } else if (command === "npx" && rest[0] === "tourism" && rest[1] === "tokens") {
          const made = await runTourism(rest.slice(1), env);
          expect(made.code, made.stderr).toBe(0);
          tokens.set(rest[rest.indexOf("--role") + 1]!, made.stdout.trim());
        } else if (command === "npx" && rest[0] === "tourism" && rest[1] === "run") {
          run = spawnTourism(rest.slice(1), env);
        } else throw new Error(`the test does not know how to follow: ${line}`);
      }
      if (!run) throw new Error("the block no longer starts tourism run");
      const out = await untilReady(run);
      expect(out()).toContain(`http://127.0.0.1:${port}/`);

      // The first curl, its continued lines, and the answer the README prints under it.
      const answerAt = http.findIndex((line) => line.startsWith("# {"));
      const curl = http.slice(0, answerAt).join("\n").replaceAll("http://127.0.0.1:8080", `http://127.0.0.1:${port}`);
      const printed: unknown = JSON.parse(http[answerAt]!.slice(2));
      const deviceToken = [...tokens].find(([role]) => role.startsWith("device:"))?.[1];
      if (!deviceToken) throw new Error("the block no longer makes a gate counter's token");
      const send = async () => {
        const child = spawn("bash", ["-c", curl], { env: { ...process.env, TOURISM_TOKEN: deviceToken }, stdio: ["ignore", "pipe", "pipe"] });
        let answer = "";
        child.stdout.on("data", (chunk: Buffer) => (answer += chunk.toString()));
        expect(await exited(child)).toBe(0);
        return JSON.parse(answer) as unknown;
      };
      expect(await send()).toEqual(printed);
      // Sending it again is safe, as the section says: the event is stored once.
      expect(await send()).toMatchObject({ received: 1, written: 0, duplicates: 1, events: [{ outcome: "duplicate" }] });

      run.kill("SIGTERM");
      expect(await exited(run)).toBe(0);
    } finally {
      if (run && run.exitCode === null) run.kill("SIGKILL");
    }
  }, 240_000);
});
