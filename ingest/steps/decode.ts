/** The reason given for bytes that are not UTF-8, wherever they arrive. */
export const notUtf8Reason = "not valid UTF-8";

const strict = new TextDecoder("utf-8", { fatal: true });
const lenient = new TextDecoder("utf-8");

/** The decode step: bytes as text; `invalid` says why not when they are not UTF-8. */
export interface Decoded {
  text: string;
  invalid?: string;
}

/**
 * The text of some bytes, or, when they are not UTF-8, the reason and a readable stand-in (the
 * undecodable bytes as U+FFFD) for the rejects file: decoding them silently would store other bytes
 * than were sent.
 */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    return { text: lenient.decode(bytes), invalid: notUtf8Reason };
  }
}
