import { Buffer, isAscii } from "node:buffer";

/**
 * JSON Lines from a byte stream, without ever holding the whole file: bytes are decoded chunk by
 * chunk and cut at newlines; a line split across two chunks is carried over. Lines come out in
 * batches (one per network chunk) because yielding once per line costs more than parsing them.
 */
export async function* readJsonlLineBatches(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  // Whether the decoder may hold the first bytes of a character split across chunks.
  let decoderMayHold = false;
  let carry = "";
  for await (const chunk of chunks) {
    // Exports are nearly all ASCII, which reads ~3× faster as Latin-1 (the same characters) than
    // through the UTF-8 decoder; any other chunk, or one after a split character, goes through it.
    let decoded: string;
    if (!decoderMayHold && isAscii(chunk)) {
      decoded = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
    } else {
      decoded = decoder.decode(chunk, { stream: true });
      decoderMayHold = chunk.byteLength > 0 && chunk[chunk.byteLength - 1] >= 0x80;
    }
    // Only the line split across the chunk boundary is joined with the carry: `carry + decoded`
    // searched as a whole would copy every chunk once more into one flat string (the export's
    // whole size again, through the young generation).
    const lines: string[] = [];
    let start = 0;
    if (carry.length > 0) {
      const first = decoded.indexOf("\n");
      if (first === -1) {
        carry += decoded;
        continue;
      }
      pushLine(lines, carry + decoded.slice(0, first));
      start = first + 1;
    }
    for (let newline = decoded.indexOf("\n", start); newline !== -1; newline = decoded.indexOf("\n", start)) {
      const end = newline > start && decoded.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      if (end > start) lines.push(decoded.slice(start, end));
      start = newline + 1;
    }
    carry = decoded.slice(start);
    if (lines.length > 0) yield lines;
  }
  const last: string[] = [];
  pushLine(last, carry + decoder.decode());
  if (last.length > 0) yield last;
}

/** Adds a line that was split across chunks (or ended the stream), without a trailing CR; empty lines are skipped. */
function pushLine(lines: string[], line: string): void {
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  if (text.length > 0) lines.push(text);
}

/** The chunks of a fetch Response body as an async iterable (Node's web streams are iterable). */
export function bodyChunks(body: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  return body as unknown as AsyncIterable<Uint8Array>;
}
