/** Why an object is not read: it is not an access log in plain text. */
export class NotPlainTextError extends Error {
  override readonly name = "NotPlainTextError";
}

/**
 * The object's text, or a NotPlainTextError when it is not UTF-8 text (a gzip
 * archive, say): such an object must fail visibly, into the dead-letter queue,
 * rather than count as processed with zero records.
 */
export function plainText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) throw new NotPlainTextError("gzip-compressed");
  if (bytes.includes(0)) throw new NotPlainTextError("binary (contains NUL bytes)");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new NotPlainTextError("not valid UTF-8");
  }
}
