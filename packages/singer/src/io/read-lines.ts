import { readLineBatches, type ReadLinesOptions } from './read-line-batches';

/** One non-blank input line with its 1-based line number (blank lines still count). */
export interface InputLine {
  readonly line: string;
  readonly lineNumber: number;
}

/** The non-blank lines of a byte stream as strings (`readLineBatches`, decoded line by line). */
export async function* readLines(
  input: NodeJS.ReadableStream,
  options: ReadLinesOptions = {},
): AsyncGenerator<InputLine> {
  for await (const batch of readLineBatches(input, options)) {
    for (let i = 0; i < batch.length; i++) {
      const line = batch.text(i);
      if (line.trim() !== '') yield { line, lineNumber: batch.lineNumbers[i] };
    }
  }
}
