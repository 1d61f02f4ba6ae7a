import { existsSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The local broker's secured listeners, found from the same environment defaults as
 * infra/kafka/up.sh: SASL on KAFKA_SASL_PORT (9094), TLS on KAFKA_SSL_PORT (9095), TLS requiring a
 * client certificate on KAFKA_MTLS_PORT (9096), certificates in KAFKA_STATE_DIR's tls/.
 */
export const securedBroker = {
  sasl: `127.0.0.1:${process.env.KAFKA_SASL_PORT ?? "9094"}`,
  tls: `127.0.0.1:${process.env.KAFKA_SSL_PORT ?? "9095"}`,
  mutualTls: `127.0.0.1:${process.env.KAFKA_MTLS_PORT ?? "9096"}`,
  username: "tourism",
  password: "tourism-local-secret",
  tlsDir: join(process.env.KAFKA_STATE_DIR ?? fileURLToPath(new URL("../../infra/kafka/.state", import.meta.url)), "tls"),
};

function answers(address: string): Promise<boolean> {
  const [host, port] = address.split(":");
  return new Promise((resolve) => {
    const socket = connect({ host: host!, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/** Why the secured listeners cannot be tested here (a broker started before they existed), or undefined. */
export async function securedBrokerMissing(): Promise<string | undefined> {
  for (const address of [securedBroker.sasl, securedBroker.tls, securedBroker.mutualTls])
    if (!(await answers(address)))
      return `nothing answers on ${address}: the broker was started without its SASL and TLS listeners; restart it with npm run kafka:down && npm run kafka:up`;
  if (!existsSync(join(securedBroker.tlsDir, "client.pem")))
    return `no certificates in ${securedBroker.tlsDir}: set KAFKA_STATE_DIR to the running broker's state directory`;
  return undefined;
}
