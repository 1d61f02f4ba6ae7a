import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { claimDataDir, ownerSecret } from "../../infra/warehouse/owner-file.ts";
import { ConfigError } from "../../infra/config.ts";
import { backUpStore } from "../../ingest/backup/back-up-store.ts";
import { knownIds, watchTokenBook } from "../access/tokens.ts";
import type { Runtime } from "../../infra/cli/runtime.ts";
import { untilSignal } from "../../infra/cli/signals.ts";
import { openReportContext } from "../reports/open-context.ts";
import { servedHosts } from "./hosts.ts";
import { buildServer } from "./server.ts";
import { streamLimits } from "./stream-slots.ts";
import { pollingSignal } from "../live/written-signal.ts";

/** `tourism serve`: the API and dashboard, reading the warehouse only, until a signal stops it. */
export async function serve({ config, log }: Runtime, options: { port?: number; host: string }): Promise<void> {
  if (!config.TOURISM_TOKENS) throw new ConfigError("TOURISM_TOKENS: required by tourism serve (the API answers only bearer tokens)");
  const context = await openReportContext(config, "read");
  const tokens = await watchTokenBook(config.TOURISM_TOKENS, knownIds(context.register), log.child({ module: "tokens" }));
  const hosts = servedHosts(options.host, config.TOURISM_ALLOWED_HOSTS);
  const secret = ownerSecret();
  const app = await buildServer({
    local: { secret, backUp: (destination) => backUpStore(context.warehouse, config, destination, log.child({ module: "backup" })) },
    context,
    tokens,
    hosts,
    logger: log.child({ module: "api" }),
    staleMinutes: config.TOURISM_LIVE_STALE_MINUTES,
    liveStreams: streamLimits(config),
    written: pollingSignal(context.warehouse),
  });
  const stop = untilSignal();
  const address = await app.listen({ host: options.host, port: options.port ?? config.PORT });
  // Reads only: the command line's reports come here, its imports are refused.
  const release = config.CLICKHOUSE_URL
    ? undefined
    : await claimDataDir(resolve(config.TOURISM_DATA_DIR), { command: "serve", port: (app.server.address() as AddressInfo).port, secret });
  process.stderr.write(`tourism: serving on ${address}\n`);
  const signal = await stop.promise;
  log.info({ signal }, "stopping");
  await release?.();
  tokens.close();
  await app.close();
  await context.warehouse.close();
}
