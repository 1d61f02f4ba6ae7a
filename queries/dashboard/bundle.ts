import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const entry = fileURLToPath(new URL("./client/main.ts", import.meta.url));

/**
 * Bundles the browser app (its modules, zod and the ECharts parts it uses) into one script, in
 * memory: nothing built is written to disk or committed, and no CDN is needed at run time.
 */
export async function buildAppBundle(): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild produced no output for the dashboard bundle");
  return output.text;
}
