import { Command, Option } from "commander";
import type { Runtime } from "../../infra/cli/runtime.ts";

/** `tourism tokens add|list|revoke`: the API's bearer tokens in TOURISM_TOKENS; the work (tokens.ts) is imported when they run. */
export function tokensCommand(runtime: () => Runtime): Command {
  const add = new Command("add")
    .description("make a token for a role and print it, once (the file keeps only its SHA-256 digest)")
    .requiredOption("--role <role>", "staff, planner or operator:<operator_id>")
    .requiredOption("--name <name>", "who holds it, unique in the file (revoke takes it)")
    .action(async (options: { role: string; name: string }) => (await import("./tokens.ts")).addTokenAction(runtime(), options));
  const list = new Command("list")
    .description("the tokens' names, roles and creation times (never the tokens)")
    .addOption(new Option("--format <format>", "output").choices(["table", "json"]).default("table"))
    .action(async (options: { format: "table" | "json" }) => (await import("./tokens.ts")).listTokensAction(runtime(), options));
  const revoke = new Command("revoke")
    .description("remove the token of that name; a running server refuses it within a second")
    .argument("<name>", "the token's name, as listed")
    .action(async (name: string) => (await import("./tokens.ts")).revokeTokenAction(runtime(), name));
  return new Command("tokens")
    .description("the API's bearer tokens (TOURISM_TOKENS, default tokens.json in the data directory)")
    .addCommand(add)
    .addCommand(list)
    .addCommand(revoke);
}
