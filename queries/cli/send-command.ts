import { Command, InvalidArgumentError } from "commander";
import { integerArg } from "../../infra/cli/args.ts";
import type { Runtime } from "../../infra/cli/runtime.ts";

/** The collector's address from --url: a server's address (the events path is added) or the events path itself. */
function collectorUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError("expected an http(s) address, e.g. https://tourism.example.org");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidArgumentError("expected an http or https address");
  if (url.username || url.password) throw new InvalidArgumentError("the token comes from TOURISM_TOKEN, never the address");
  return url.pathname.replace(/\/+$/, "").endsWith("/api/events") ? url : new URL(`${url.pathname.replace(/\/*$/, "/")}api/events`, url);
}

/** `tourism send FILE… --url URL`: a till's or a gateway's files of events to a running `tourism run`. */
export function sendCommand(runtime: () => Runtime): Command {
  return new Command("send")
    .description(
      "send NDJSON or CSV files of events to POST /api/events of a running tourism run (token: TOURISM_TOKEN); an interrupted send resumes after what was acknowledged",
    )
    .argument("<files...>", "NDJSON files, or .csv files (.gz too), as tourism import reads them")
    .requiredOption("--url <address>", "the collector's address, e.g. https://tourism.example.org", collectorUrl)
    .option("--batch-size <n>", "events per request (the collector takes at most 1,000)", integerArg(1, 1000), 500)
    .option("--rejects <path>", "where rejected lines are written (invalid, outside the token's scope, conflicting)", "send-rejects.ndjson")
    .option("--state <path>", "one progress file for all the files (default: FILE.send-progress.json beside each)")
    .option("--concurrency <n>", "requests in flight at once; the progress file records only lines before the first unanswered one", integerArg(1, 16), 1)
    .option("--retries <n>", "retries of a request that meets a network error, 429 or 503 before giving up", integerArg(0, 1000), 10)
    .action(async (files: string[], options: { url: URL; batchSize: number; rejects: string; state?: string; retries: number; concurrency: number }) =>
      (await import("./send/send-action.ts")).sendEventFiles(runtime(), files, options),
    );
}
