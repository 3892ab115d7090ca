import { formatMessage } from '../messages/format-message';
import type { SingerMessage } from '../messages/singer-message';

/** Options of `MessageWriter`. */
export interface MessageWriterOptions {
  /** `writeLine` gathers lines into chunks of about this many characters before writing (default 64 Ki). */
  readonly batchSize?: number;
  /** Called once when the reader of the output has gone (EPIPE); by default the process exits quietly with 0. */
  readonly onClosed?: () => void;
}

const RESOLVED: Promise<void> = Promise.resolve();
const CLOSED_CODES: ReadonlySet<unknown> = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

/** The one writer of Singer messages to stdout: keeps order, honours backpressure, ends quietly on EPIPE. */
export class MessageWriter {
  private buffer = '';
  private draining: Promise<void> | undefined;
  private failure: Error | undefined;
  private gone = false;
  private lines = 0;
  private readonly batchSize: number;
  private readonly onClosed: () => void;

  constructor(
    private readonly output: NodeJS.WritableStream = process.stdout,
    options: MessageWriterOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 64 * 1024;
    this.onClosed = options.onClosed ?? exitQuietly;
    output.on('error', (error: Error) => this.handleError(error));
  }

  /** Lines (messages) handed to the output so far; the reader may not have read the last of them yet. */
  get linesWritten(): number {
    return this.lines;
  }

  /** True once the downstream reader has gone; later writes are dropped. */
  get closed(): boolean {
    return this.gone;
  }

  /** Writes a message (after any lines still buffered); resolves at once unless the output asked for 'drain'. */
  write(message: SingerMessage): Promise<void> {
    const chunk = this.buffer + formatMessage(message) + '\n';
    this.buffer = '';
    return this.send(chunk);
  }

  /** Buffers one pre-serialised line (no newline) and writes the buffer when it is full; call `flush()` after. */
  writeLine(text: string): Promise<void> {
    this.buffer += text + '\n';
    if (this.buffer.length >= this.batchSize) return this.flush();
    if (this.failure) return Promise.reject(this.failure);
    return this.draining ?? RESOLVED;
  }

  /**
   * Buffers one pre-serialised line for callers that handle many lines without awaiting each (writes full chunks as
   * writeLine does). Returns false when the caller should `await flush()` before buffering more: the output asked for
   * 'drain', or failed (the failure then rejects that flush).
   */
  bufferLine(text: string): boolean {
    this.buffer += text + '\n';
    if (this.buffer.length >= this.batchSize) {
      const chunk = this.buffer;
      this.buffer = '';
      if (this.failure === undefined && !this.gone && !this.writeChunk(chunk)) void this.waitForDrain();
    }
    return this.failure === undefined && this.draining === undefined;
  }

  /** Buffers many pre-serialised lines at once (one await per batch instead of per line); call `flush()` after. */
  writeLines(lines: readonly string[]): Promise<void> {
    if (lines.length > 0) this.buffer += lines.join('\n') + '\n';
    if (this.buffer.length >= this.batchSize) return this.flush();
    if (this.failure) return Promise.reject(this.failure);
    return this.draining ?? RESOLVED;
  }

  /** Writes whatever `writeLine` buffered; resolves at once unless the output asked for 'drain'. */
  flush(): Promise<void> {
    if (this.buffer === '') return this.failure ? Promise.reject(this.failure) : (this.draining ?? RESOLVED);
    const chunk = this.buffer;
    this.buffer = '';
    return this.send(chunk);
  }

  /** Flushes, waits until the output has taken everything, and ends it unless it is stdout or stderr. */
  async close(): Promise<void> {
    await this.flush();
    while (this.draining) await this.draining;
    if (this.gone || this.output === process.stdout || this.output === process.stderr) return;
    await new Promise<void>((resolve) => this.output.end(resolve));
  }

  private send(chunk: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.gone) return RESOLVED;
    if (this.writeChunk(chunk)) return this.draining ?? RESOLVED;
    return this.waitForDrain();
  }

  /** Writes a chunk of whole lines to the output, counting them; false when the output asks for 'drain'. */
  private writeChunk(chunk: string): boolean {
    for (let at = chunk.indexOf('\n'); at !== -1; at = chunk.indexOf('\n', at + 1)) this.lines += 1;
    return this.output.write(chunk);
  }

  /** The promise of the next 'drain'. It always resolves (an ignored promise must not crash the process). */
  private waitForDrain(): Promise<void> {
    this.draining ??= new Promise<void>((resolve) => {
      const settle = (): void => {
        this.output.removeListener('drain', settle);
        this.output.removeListener('close', settle);
        this.output.removeListener('error', settle);
        this.draining = undefined;
        resolve();
      };
      this.output.on('drain', settle);
      this.output.on('close', settle);
      this.output.on('error', settle);
    });
    return this.draining;
  }

  private handleError(error: Error): void {
    const code = (error as { code?: unknown }).code;
    if (CLOSED_CODES.has(code)) {
      if (this.gone) return;
      this.gone = true;
      this.buffer = '';
      this.onClosed();
      return;
    }
    this.failure ??= error;
  }
}

function exitQuietly(): void {
  // Downstream stopped reading (e.g. `| head -1`): nothing more can be delivered, so stop without noise.
  process.exitCode = 0;
  process.exit(0);
}
