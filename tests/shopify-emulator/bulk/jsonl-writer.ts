/**
 * Appends JSON lines to a file through a few recycled 1 MiB buffers. Lines are encoded into the
 * current buffer as they are pushed; full buffers are written with positioned writes while the next
 * one fills. Recycling matters: allocating a fresh buffer per megabyte makes V8 run full garbage
 * collections over the whole (large) store for the external memory, which dominated export time.
 */
import fs from "node:fs";

const CHUNK_BYTES = 1 << 20;
/** Writes allowed in flight before the producer waits: bounds memory when the disk is slow. */
const MAX_IN_FLIGHT = 3;

export class JsonlFileWriter {
  private readonly fd: number;
  private buffer: Buffer;
  private offset = 0;
  private position = 0;
  private readonly spare: Buffer[] = [];
  private readonly inFlight: Array<Promise<void>> = [];
  private failure: Error | null = null;
  private closed = false;

  constructor(readonly filePath: string) {
    this.fd = fs.openSync(filePath, "w");
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  }

  get bytesWritten(): number {
    return this.position + this.offset;
  }

  /** Appends one line (a newline is added). Call `maybeFlush` now and then to honour back-pressure. */
  push(line: string): void {
    const worstCase = line.length * 3 + 1;
    if (this.offset + worstCase > this.buffer.length) this.handOver();
    if (worstCase > this.buffer.length) {
      this.write(Buffer.from(`${line}\n`, "utf8"), false);
      return;
    }
    this.offset += this.buffer.write(line, this.offset, "utf8");
    this.buffer[this.offset++] = 10;
  }

  /** Waits while too many writes are queued (the disk is behind). */
  async maybeFlush(): Promise<void> {
    while (this.inFlight.length >= MAX_IN_FLIGHT) await this.inFlight[0];
    if (this.failure) throw this.failure;
  }

  /** Writes what is left, closes the file and resolves to its size in bytes. */
  async close(): Promise<number> {
    this.handOver();
    while (this.inFlight.length > 0) await this.inFlight[0];
    this.closeFd();
    if (this.failure) throw this.failure;
    return this.position;
  }

  /** Stops without caring about the content (cancelled or failed runs). */
  async abandon(): Promise<void> {
    this.offset = 0;
    while (this.inFlight.length > 0) await this.inFlight[0];
    this.closeFd();
  }

  private closeFd(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }

  /** Queues the filled part of the current buffer and continues in a spare one. */
  private handOver(): void {
    if (this.offset === 0) return;
    const full = this.buffer;
    const length = this.offset;
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.offset = 0;
    this.write(full.subarray(0, length), true, full);
  }

  private write(chunk: Buffer, recycle: boolean, whole?: Buffer): void {
    const position = this.position;
    this.position += chunk.length;
    const done = new Promise<void>((resolve) => {
      const writeAll = (from: number): void => {
        fs.write(this.fd, chunk, from, chunk.length - from, position + from, (error, written) => {
          if (error) {
            this.failure ??= error;
            resolve();
          } else if (from + written < chunk.length) {
            writeAll(from + written);
          } else {
            if (recycle && whole && this.spare.length < MAX_IN_FLIGHT) this.spare.push(whole);
            resolve();
          }
        });
      };
      writeAll(0);
    });
    this.inFlight.push(done);
    void done.then(() => {
      const index = this.inFlight.indexOf(done);
      if (index >= 0) this.inFlight.splice(index, 1);
    });
  }
}
