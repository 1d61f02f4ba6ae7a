import { execFile } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadConfig } from "../infra/config.ts";

const run = promisify(execFile);
const kafkaScripts = fileURLToPath(new URL("../infra/kafka/", import.meta.url));

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/**
 * `npm test` is one command: with no KAFKA_BROKERS and nothing on 127.0.0.1:9092 it starts the local
 * broker (infra/kafka/up.sh) for the run and stops it afterwards. A broker that was already running
 * (`npm run kafka:up`, .ci/run) is used and left running.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (loadConfig(process.env).KAFKA_BROKERS || (await answers("127.0.0.1", 9092))) return undefined;
  const { stdout } = await run("bash", [`${kafkaScripts}up.sh`]);
  process.stderr.write(stdout);
  return async () => {
    await run("bash", [`${kafkaScripts}down.sh`]);
  };
}
