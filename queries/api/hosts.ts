/** Host names a loopback-bound server answers to; a browser on the machine sends one of these. */
export const loopbackHosts = ["localhost", "127.0.0.1", "[::1]"] as const;

const loopbackAddresses = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/** The host name of a Host header, without its port, lower case ("[::1]:8080" → "[::1]"). */
export function hostName(header: string): string {
  const host = header.trim().toLowerCase();
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const colon = host.indexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

/**
 * Which Host names to serve (with any port), or null for any. Bound to a loopback address, only
 * loopback names and the configured ones: another name means a DNS-rebinding page is asking.
 * Bound elsewhere (a container), any name unless some are configured.
 */
export function servedHosts(bindAddress: string, configured: readonly string[] | undefined): ReadonlySet<string> | null {
  if (!loopbackAddresses.test(bindAddress) && !configured) return null;
  return new Set([...loopbackHosts, ...(configured ?? []).map(hostName)]);
}
