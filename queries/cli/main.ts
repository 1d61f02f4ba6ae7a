import { Command, CommanderError } from "commander";
import { DataDirectoryLockedError } from "../../infra/warehouse/data-dir-lock.ts";
import { ingestCommands } from "../../ingest/cli.ts";
import { simulateCommands } from "../../ingest/simulate/cli.ts";
import { transformCommands } from "../../transforms/cli.ts";
import { serveCommand } from "./serve-command.ts";
import { bulletinCommand, bulletinsCommand } from "./report/bulletin-command.ts";
import { reportCommand } from "./report/commands.ts";
import { IncompleteError, type Runtime, UsageError } from "../../infra/cli/runtime.ts";
import { alertsCommand } from "./alerts-command.ts";
import { backupCommand, restoreCommand } from "./backup-command.ts";
import { checkCommand } from "./check-command.ts";
import { runCommand } from "./run-command.ts";
import { sendCommand } from "./send-command.ts";
import { startCommand } from "./start-command.ts";
import { tokensCommand } from "./tokens-command.ts";

/**
 * Builds the `tourism` program; each stage contributes its own subcommands. Their definitions are
 * light and each action imports its implementation when it runs, so `--help` loads no engine.
 */
export function buildProgram(runtime: () => Runtime): Command {
  const program = new Command("tourism")
    .description("Visitor and revenue analytics for the Langxia–Dayun–Guangchen rural tourism alliance")
    .showHelpAfterError(false);
  for (const command of [
    ...transformCommands(runtime),
    ...ingestCommands(runtime),
    ...simulateCommands(runtime),
    startCommand(runtime),
    runCommand(runtime),
    sendCommand(runtime),
    reportCommand(runtime).addCommand(bulletinCommand(runtime)),
    bulletinsCommand(runtime),
    alertsCommand(runtime),
    serveCommand(runtime),
    tokensCommand(runtime),
    checkCommand(runtime),
    backupCommand(runtime),
    restoreCommand(runtime),
  ]) {
    program.addCommand(command);
  }
  overrideExits(program);
  return program;
}

/** Commander exits by itself on a usage error; we exit with 2 instead, from main(). */
function overrideExits(command: Command): void {
  command.exitOverride();
  command.commands.forEach(overrideExits);
}

async function main(argv: string[]): Promise<number> {
  let cached: Runtime | undefined;
  const runtime = (): Runtime => {
    if (!cached) throw new Error("runtime() read before the preAction hook set it up");
    return cached;
  };
  // Configuration and logging are set up when a command runs, not for --help.
  const program = buildProgram(runtime).hook("preAction", async () => {
    const [{ loadConfig }, { createLogger }] = await Promise.all([import("../../infra/config.ts"), import("../../infra/logger.ts")]);
    const config = loadConfig(process.env);
    cached = { config, log: createLogger(config.LOG_LEVEL) };
  });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const { ConfigError } = await import("../../infra/config.ts");
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof DataDirectoryLockedError) {
      process.stderr.write(`tourism: ${err.message}\n`);
      return 2;
    }
    if (err instanceof IncompleteError) {
      process.stderr.write(`tourism: ${err.message}\n`);
      return err.status;
    }
    process.stderr.write(`tourism: ${err instanceof Error ? err.message : String(err)}\n`);
    cached?.log.error({ err }, "command failed");
    return 1;
  }
}

process.exitCode = await main(process.argv);
