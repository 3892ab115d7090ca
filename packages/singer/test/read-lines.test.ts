import { Readable } from 'node:stream';
import { DEFAULT_MAX_LINE_BYTES, MessageParseError, readLines, readMessages, type InputLine } from '../src';

const collect = async (chunks: readonly (Buffer | string)[], maxLineBytes?: number): Promise<InputLine[]> => {
  const lines: InputLine[] = [];
  for await (const line of readLines(Readable.from(chunks), { maxLineBytes })) lines.push(line);
  return lines;
};

const failure = async (promise: Promise<unknown>): Promise<MessageParseError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MessageParseError) return error;
    throw error;
  }
  throw new Error('expected a MessageParseError');
};

describe('readLines', () => {
  test('joins a line split across chunks and inside a multi-byte character', async () => {
    const bytes = Buffer.from('{"a":"é😀漢"}\nnext\n', 'utf8');
    const emoji = bytes.indexOf(Buffer.from('😀', 'utf8'));
    // Cut after the first byte of é, inside the 4-byte emoji, and inside the 3-byte CJK character.
    const cuts = [7, emoji + 2, emoji + 5, bytes.length - 3];
    const chunks = [0, ...cuts].map((start, i) => bytes.subarray(start, [...cuts, bytes.length][i]));
    expect(await collect(chunks)).toEqual([
      { line: '{"a":"é😀漢"}', lineNumber: 1 },
      { line: 'next', lineNumber: 2 },
    ]);
  });

  test('every byte in its own chunk still gives the same lines', async () => {
    const bytes = Buffer.from('αβγ 😀\r\nline two', 'utf8');
    const chunks = [...bytes].map((byte) => Buffer.from([byte]));
    expect((await collect(chunks)).map((item) => item.line)).toEqual(['αβγ 😀', 'line two']);
  });

  test('tolerates CRLF and blank lines, keeping line numbers', async () => {
    expect(await collect(['a\r\n\r\n', '  \n', 'b\r', '\nc'])).toEqual([
      { line: 'a', lineNumber: 1 },
      { line: 'b', lineNumber: 4 },
      { line: 'c', lineNumber: 5 },
    ]);
  });

  test('refuses a complete line longer than maxLineBytes, naming its line number', async () => {
    const error = await failure(collect(['ok\n', `${'x'.repeat(20)}\n`, 'after\n'], 10));
    expect(error.lineNumber).toBe(2);
    expect(error.code).toBe('LINE_TOO_LONG');
    expect(error.message).toMatch(/line 2: line is longer than the maximum of 10 bytes/);
  });

  test('big-value-bytea: the default line limit takes a 100 MB bytea (200 MB of hex), under the longest V8 string', () => {
    expect(DEFAULT_MAX_LINE_BYTES).toBeGreaterThan(2 * 100 * 1024 * 1024 + 1024);
    expect(DEFAULT_MAX_LINE_BYTES).toBeLessThanOrEqual(2 ** 29 - 24);
  });

  test('counts bytes, not characters', async () => {
    const error = await failure(collect(['ok\n', '😀😀😀\n'], 10)); // 6 UTF-16 units, 12 bytes
    expect(error.lineNumber).toBe(2);
    expect(await collect(['😀😀\n'], 8)).toHaveLength(1);
  });

  test('stops a runaway line before it ends, without buffering all of it', async () => {
    const chunks = ['a\n', 'b\n', ...Array.from({ length: 50 }, () => 'y'.repeat(1000))];
    const error = await failure(collect(chunks, 4096));
    expect(error.lineNumber).toBe(3);
  });

  test('passes input stream errors through', async () => {
    const input = new Readable({ read() {} });
    input.push('a\n');
    setImmediate(() => input.destroy(new Error('disk gone')));
    await expect(async () => {
      for await (const _ of readLines(input)) void _;
    }).rejects.toThrow('disk gone');
  });
});

describe('readMessages', () => {
  test('parses each line and names the bad one', async () => {
    const input = Readable.from(['{"type":"STATE","value":1}\n\n', '{"type":"STATE","value":2}\n{oops}\n']);
    const seen: number[] = [];
    await expect(async () => {
      for await (const { message, lineNumber } of readMessages(input)) {
        if (message.type === 'STATE') seen.push(lineNumber);
      }
    }).rejects.toThrow(/^line 4: not valid JSON/);
    expect(seen).toEqual([1, 3]);
  });
});
