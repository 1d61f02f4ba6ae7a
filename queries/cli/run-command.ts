import { Command } from "commander";
import { integerArg } from "../../infra/cli/args.ts";
import type { Runtime } from "../../infra/cli/runtime.ts";

/** `tourism run`: the alliance's one process on real events (no simulation). */
export function runCommand(runtime: () => Runtime): Command {
  return new Command("run")
    .description(
      "own the data directory: consume Kafka (with KAFKA_BROKERS), take events at POST /api/events, serve the API and dashboard, raise capacity alerts",
    )
    .option("--port <port>", "TCP port of the API and dashboard (default: PORT, 8080)", integerArg(1, 65535))
    .option("--host <address>", "address to listen on (0.0.0.0 for gate counters on the network; add its names to TOURISM_ALLOWED_HOSTS)", "127.0.0.1")
    .option("--metrics-port <port>", "port for /metrics and /healthz on 127.0.0.1 (0: none)", integerArg(0, 65535), 9464)
    .action(async (options: { host: string; port?: number; metricsPort: number }) => (await import("./run.ts")).runAlliance(runtime(), options));
}
