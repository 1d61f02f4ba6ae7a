import { join } from "node:path";
import { z } from "zod";
import { UsageError } from "../../infra/cli/runtime.ts";
import { readJsonFile } from "../../infra/files/read-json-file.ts";
import { replaceFile } from "../../infra/files/replace-file.ts";

/** Where a demo's clock stood when it last stopped, so that a restart carries on from there. */
export const demoPositionPath = (dataDir: string) => join(dataDir, "demo-clock.json");

const positionSchema = z.object({ at: z.iso.datetime({ offset: true }) });

/** The demo clock's last saved position (epoch ms), or undefined before the demo first ran. */
export function readDemoPosition(dataDir: string): number | undefined {
  const parsed = readJsonFile(demoPositionPath(dataDir), positionSchema);
  if (parsed === undefined) return undefined;
  if (!parsed.success) throw new UsageError(`${demoPositionPath(dataDir)}: expected {"at": "<ISO time with offset>"}; delete it to start the demo day again`);
  return Date.parse(parsed.data.at);
}

/** Saves the demo clock's position whole (a crash leaves the old one or the new one). */
export function saveDemoPosition(dataDir: string, clock: string): Promise<void> {
  return replaceFile(demoPositionPath(dataDir), `${JSON.stringify({ at: clock })}\n`, 0o644);
}
