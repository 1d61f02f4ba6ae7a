// Entry of the simulation worker thread: TypeScript through tsx, as in infra/build/tourism.mjs.
import { register } from "tsx/esm/api";

register();
await import("./worker-thread.ts");
