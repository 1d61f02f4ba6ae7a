import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";

/** What every subcommand is given: the validated configuration and the root logger. */
export interface Runtime {
  config: Config;
  log: Logger;
}

/** A wrong argument: printed as one line, exit status 2. */
export class UsageError extends Error {}

/**
 * A command that did its work but must not pass for a clean success (an import that rejected
 * lines): printed as one line, exit status `status`.
 */
export class IncompleteError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
