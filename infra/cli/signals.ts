/** A stop request from the terminal or the service manager. */
export interface StopSignal {
  /** Resolves on the first SIGINT or SIGTERM, with its name. */
  promise: Promise<NodeJS.Signals>;
  /** True from the moment a signal arrived: long loops check it between steps. */
  requested(): boolean;
}

/** The one place a command waits for SIGINT or SIGTERM. */
export function untilSignal(): StopSignal {
  let requested = false;
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      requested = true;
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(signal);
    };
    process.once("SIGINT", on);
    process.once("SIGTERM", on);
  });
  return { promise, requested: () => requested };
}
