/** Why an object is not read: it is not an access log in plain text. */
export class NotPlainTextError extends Error {
  override readonly name = "NotPlainTextError";
}

/**
 * The object's text, or a NotPlainTextError when it is not text (a gzip archive,
 * say): such an object must fail visibly, into the dead-letter queue, rather than
 * count as processed with zero records. A few invalid UTF-8 bytes are a client's
 * (a user agent or referer) and become U+FFFD; they must not send the whole object,
 * with everyone else's records, to the dead-letter queue.
 */
export function plainText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) throw new NotPlainTextError("gzip-compressed");
  if (bytes.includes(0)) throw new NotPlainTextError("binary (contains NUL bytes)");
  const text = new TextDecoder("utf-8").decode(bytes);
  let replaced = 0;
  for (let i = text.indexOf("\uFFFD"); i >= 0; i = text.indexOf("\uFFFD", i + 1)) replaced++;
  if (replaced > Math.max(16, text.length / 100)) throw new NotPlainTextError("not UTF-8 text");
  return text;
}
