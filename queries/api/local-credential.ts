import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

/** Whether the socket's remote address is this machine (IPv4 127/8, IPv6 ::1, or 127/8 mapped into IPv6). */
export function isLoopback(remoteAddress: string | undefined): boolean {
  if (!remoteAddress || isIP(remoteAddress) === 0) return false;
  const v4 = remoteAddress.startsWith("::ffff:") ? remoteAddress.slice("::ffff:".length) : remoteAddress;
  return v4.startsWith("127.") ? isIP(v4) === 4 : remoteAddress === "::1";
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * A local caller: on loopback and presenting the owner's secret (compared in constant time). The
 * caller could read the owner file, so it could open the data directory itself: it acts as staff.
 */
export function isLocalCaller(remoteAddress: string | undefined, presented: string | string[] | undefined, secret: string): boolean {
  if (typeof presented !== "string" || !isLoopback(remoteAddress)) return false;
  return timingSafeEqual(digest(presented), digest(secret));
}
