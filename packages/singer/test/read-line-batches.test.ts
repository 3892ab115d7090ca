import { Readable } from 'node:stream';
import { readLineBatches } from '../src';

async function lines(chunks: (string | Buffer)[], maxLineBytes?: number): Promise<[number, string][]> {
  const out: [number, string][] = [];
  const input = Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  for await (const batch of readLineBatches(input, { maxLineBytes }))
    for (let i = 0; i < batch.length; i++) out.push([batch.lineNumbers[i], batch.text(i)]);
  return out;
}

describe('readLineBatches', () => {
  it('numbers lines (blank ones count), strips CR, joins lines split across chunks, keeps a last line without newline', async () => {
    expect(await lines(['a\r\n\n', 'b', 'c\nd'])).toEqual([
      [1, 'a'],
      [3, 'bc'],
      [4, 'd'],
    ]);
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const bytes = Buffer.from('é😀\n');
    expect(await lines([bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4)])).toEqual([[1, 'é😀']]);
  });

  it('flags lines that are not valid UTF-8, in whole chunks and in lines split across chunks', async () => {
    const input = Readable.from([
      Buffer.from('ok\n\xff\nfine\n', 'latin1'),
      Buffer.from('a\xc3', 'latin1'),
      Buffer.from('\xa9\n\xc3\n', 'latin1'),
    ]);
    const flags: [string, boolean][] = [];
    for await (const batch of readLineBatches(input))
      for (let i = 0; i < batch.length; i++)
        flags.push([batch.buffers[i].toString('latin1', batch.starts[i], batch.ends[i]), batch.utf8[i]]);
    expect(flags).toEqual([
      ['ok', true],
      ['\xff', false],
      ['fine', true],
      ['a\xc3\xa9', true],
      ['\xc3', false],
    ]);
  });

  it('refuses a line over the maximum, naming it', async () => {
    await expect(lines(['ok\n', 'x'.repeat(20), '\n'], 10)).rejects.toThrow(
      /line 2: line is longer than the maximum of 10/,
    );
  });
});
