import { Command, InvalidArgumentError } from "commander";
import { ConfigError } from "../../infra/config.ts";
import { loadTokenBook } from "../access/tokens.ts";
import type { Runtime } from "../cli/runtime.ts";
import { openReportContext } from "../reports/open-context.ts";
import { buildServer } from "./server.ts";

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError("expected a port from 1 to 65535");
  return n;
}

/** `tourism serve`: the API and dashboard on 127.0.0.1, reading the warehouse only. */
export function serveCommand(runtime: () => Runtime): Command {
  return new Command("serve")
    .description("serve the reports API (/api) and the dashboard (/) on 127.0.0.1")
    .option("--port <port>", "TCP port (default: PORT, 8080)", port)
    .action(async (options: { port?: number }) => {
      const { config, log } = runtime();
      if (!config.TOURISM_TOKENS) throw new ConfigError("TOURISM_TOKENS: required by tourism serve (the API answers only bearer tokens)");
      const context = await openReportContext(config, "read");
      const tokens = await loadTokenBook(config.TOURISM_TOKENS, new Set(context.register.operators.map((o) => o.operator_id)));
      const app = await buildServer({ context, tokens, logger: log.child({ module: "api" }) });
      const stop = async (signal: string) => {
        log.info({ signal }, "stopping");
        await app.close();
        await context.warehouse.close();
      };
      process.once("SIGINT", () => void stop("SIGINT"));
      process.once("SIGTERM", () => void stop("SIGTERM"));
      const address = await app.listen({ host: "127.0.0.1", port: options.port ?? config.PORT });
      process.stderr.write(`tourism: serving on ${address}\n`);
      await new Promise<void>((resolve) => app.server.once("close", () => resolve()));
    });
}
