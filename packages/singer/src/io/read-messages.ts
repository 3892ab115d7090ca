import { parseMessage, type ParseMessageOptions } from '../messages/parse-message';
import type { SingerMessage } from '../messages/singer-message';
import type { ReadLinesOptions } from './read-line-batches';
import { readLines } from './read-lines';

/** Options of `readMessages`. */
export interface ReadMessagesOptions extends ReadLinesOptions, ParseMessageOptions {}

/** One parsed message with the line it came from. */
export interface InputMessage {
  readonly message: SingerMessage;
  readonly lineNumber: number;
}

/** Reads Singer messages from a byte stream, one per non-blank line; parse errors name the line. */
export async function* readMessages(
  input: NodeJS.ReadableStream,
  options: ReadMessagesOptions = {},
): AsyncGenerator<InputMessage> {
  for await (const { line, lineNumber } of readLines(input, options)) {
    yield { message: parseMessage(line, lineNumber, options), lineNumber };
  }
}
