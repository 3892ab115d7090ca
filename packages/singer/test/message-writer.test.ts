import { Writable } from 'node:stream';
import { MessageWriter, type SingerMessage } from '../src';

/** A consumer that takes each chunk only after a macrotask, with a small buffer. */
const slowConsumer = (highWaterMark: number) => {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      setImmediate(callback);
    },
  });
  return { stream, text: () => chunks.join('') };
};

const record = (id: number): SingerMessage => ({ type: 'RECORD', stream: 's', record: { id, pad: 'x'.repeat(40) } });

describe('MessageWriter', () => {
  test('under a slow consumer: buffered bytes stay bounded and order is kept (write)', async () => {
    const { stream, text } = slowConsumer(1024);
    const writer = new MessageWriter(stream);
    let maxBuffered = 0;
    let waits = 0;
    for (let id = 0; id < 5000; id += 1) {
      const pending = writer.write(record(id));
      maxBuffered = Math.max(maxBuffered, stream.writableLength);
      if (stream.writableNeedDrain) waits += 1;
      await pending;
    }
    await writer.close();
    const ids = text()
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { record: { id: number } }).record.id);
    expect(ids).toEqual(Array.from({ length: 5000 }, (_, id) => id));
    expect(waits).toBeGreaterThan(100);
    expect(maxBuffered).toBeLessThanOrEqual(1024 + 100);
  });

  test('writeLine batches lines into chunks, bounded under a slow consumer, order kept', async () => {
    const { stream, text } = slowConsumer(512);
    const writes = jest.spyOn(stream, 'write');
    const writer = new MessageWriter(stream, { batchSize: 256 });
    let maxBuffered = 0;
    for (let id = 0; id < 3000; id += 1) {
      await writer.writeLine(String(id));
      maxBuffered = Math.max(maxBuffered, stream.writableLength);
    }
    await writer.write({ type: 'STATE', value: 'end' });
    await writer.close();
    const lines = text().trimEnd().split('\n');
    expect(lines.slice(0, -1)).toEqual(Array.from({ length: 3000 }, (_, id) => String(id)));
    expect(lines.at(-1)).toBe('{"type":"STATE","value":"end"}');
    expect(writes.mock.calls.length).toBeLessThan(100);
    expect(maxBuffered).toBeLessThanOrEqual(512 + 256 + 10);
  });

  test('bufferLine: false while the output waits for drain, order kept, bounded when the caller then flushes', async () => {
    const { stream, text } = slowConsumer(512);
    const writer = new MessageWriter(stream, { batchSize: 256 });
    let maxBuffered = 0;
    let blocked = 0;
    for (let id = 0; id < 3000; id += 1) {
      if (!writer.bufferLine(String(id))) {
        blocked += 1;
        await writer.flush();
      }
      maxBuffered = Math.max(maxBuffered, stream.writableLength);
    }
    await writer.close();
    expect(text().trimEnd().split('\n')).toEqual(Array.from({ length: 3000 }, (_, id) => String(id)));
    expect(blocked).toBeGreaterThan(10);
    expect(maxBuffered).toBeLessThanOrEqual(512 + 256 + 10);
  });

  test('writeLines keeps order with single lines and messages', async () => {
    const { stream, text } = slowConsumer(256);
    const writer = new MessageWriter(stream, { batchSize: 100 });
    await writer.writeLine('a');
    await writer.writeLines(['b', 'c']);
    await writer.writeLines([]);
    await writer.write({ type: 'STATE', value: 1 });
    for (let batch = 0; batch < 50; batch += 1)
      await writer.writeLines(['x'.repeat(30), 'y'.repeat(30), String(batch)]);
    await writer.close();
    const lines = text().trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual(['a', 'b', 'c', '{"type":"STATE","value":1}']);
    expect(lines).toHaveLength(4 + 150);
    expect(lines.at(-1)).toBe('49');
  });

  test('lines of any characters arrive byte for byte as UTF-8, across chunks; linesWritten counts every line', async () => {
    const { stream, text } = slowConsumer(64);
    const writer = new MessageWriter(stream, { batchSize: 16 });
    const lines = ['plain', 'é à ß', '😀 astral', '\u2028 separators \u2029', 'ᚠ'.repeat(40), '{"a":"b\\nc"}', ''];
    for (const line of lines) await writer.writeLine(line);
    writer.bufferLine('x'.repeat(100));
    await writer.writeLines(['multi\nline', 'last']);
    await writer.write({ type: 'STATE', value: '€' });
    await writer.close();
    const expected = [...lines, 'x'.repeat(100), 'multi\nline', 'last', '{"type":"STATE","value":"€"}'];
    expect(text()).toBe(`${expected.join('\n')}\n`);
    expect(writer.linesWritten).toBe(expected.length + 1);
  });

  test('flush writes what writeLine buffered', async () => {
    const { stream, text } = slowConsumer(1 << 16);
    const writer = new MessageWriter(stream);
    await writer.writeLine('a');
    expect(text()).toBe('');
    await writer.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe('a\n');
  });

  test('resolves at once (the same settled promise) while the stream does not ask for drain', async () => {
    const { stream } = slowConsumer(1 << 20);
    const writer = new MessageWriter(stream);
    const first = writer.write(record(1));
    expect(writer.write(record(2))).toBe(first);
    await first;
  });

  test('EPIPE: calls onClosed once and drops later writes quietly', async () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback(epipe) });
    const onClosed = jest.fn();
    const writer = new MessageWriter(stream, { onClosed });
    await writer.write(record(1));
    await new Promise((resolve) => setImmediate(resolve));
    await writer.write(record(2));
    await writer.writeLine('x');
    await writer.close();
    expect(onClosed).toHaveBeenCalledTimes(1);
    expect(writer.closed).toBe(true);
  });

  test('another output error fails the next write', async () => {
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback(new Error('disk full')) });
    const writer = new MessageWriter(stream, { onClosed: jest.fn() });
    await writer.write(record(1));
    await new Promise((resolve) => setImmediate(resolve));
    await expect(writer.write(record(2))).rejects.toThrow('disk full');
  });

  test('after an output error, bufferLine answers false and the flush rejects', async () => {
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback(new Error('disk full')) });
    const writer = new MessageWriter(stream, { onClosed: jest.fn(), batchSize: 4 });
    writer.bufferLine('12345');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writer.bufferLine('6')).toBe(false);
    await expect(writer.flush()).rejects.toThrow('disk full');
  });
});
