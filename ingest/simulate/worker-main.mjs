// Entry of the simulation worker thread: the compiled module when dist/ was built from the sources as
// they are (as infra/build/tourism.mjs runs the commands), else the TypeScript through tsx, whose
// transform costs the simulator's many small closures about a tenth of its time.
import { compiledModule } from "../../infra/build/compiled.mjs";

const compiled = compiledModule("ingest/simulate/worker-thread.ts");
if (compiled) await import(compiled);
else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./worker-thread.ts");
}
