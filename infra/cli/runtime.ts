import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";

/** What every subcommand is given: the validated configuration and the root logger. */
export interface Runtime {
  config: Config;
  log: Logger;
}

/** A wrong argument: printed as one line, exit status 2. */
export class UsageError extends Error {}

/** The command ran and found what it checks for: printed as one line, exit status 1. */
export class CheckFailed extends Error {}
