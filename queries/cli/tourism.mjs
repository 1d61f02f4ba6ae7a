#!/usr/bin/env node
// The `tourism` command: the compiled tree when it was built from the sources as they are now
// (`npm run build`), else the TypeScript sources through tsx, so an edit never runs stale code.
import { compiledModule } from "./compiled.mjs";

const compiled = compiledModule("queries/cli/main.ts");
if (compiled) {
  // Stack traces then name the TypeScript sources' lines, through the build's source maps.
  process.setSourceMapsEnabled(true);
  await import(compiled);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./main.ts");
}
