import { Command } from "commander";
import { integerArg } from "../../infra/cli/args.ts";
import type { Runtime } from "../../infra/cli/runtime.ts";

/** `tourism serve`: the API and dashboard on 127.0.0.1, reading the warehouse only. */
export function serveCommand(runtime: () => Runtime): Command {
  return new Command("serve")
    .description("serve the reports API (/api) and the dashboard (/) on 127.0.0.1")
    .option("--port <port>", "TCP port (default: PORT, 8080)", integerArg(1, 65535))
    .option("--host <address>", "address to listen on (0.0.0.0 only inside a container)", "127.0.0.1")
    .action(async (options: { port?: number; host: string }) => (await import("../api/serve.ts")).serve(runtime(), options));
}
