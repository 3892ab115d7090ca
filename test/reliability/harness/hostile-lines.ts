/** Hostile inputs the target must either load correctly or refuse with exit 1 and one clear line. */
export const HOSTILE_KINDS = [
  'truncated-line',
  'invalid-utf8',
  'huge-line',
  'deep-nesting',
  'unknown-stream',
  'wrong-type-key',
  'wrong-type-number',
  'missing-key',
  'duplicate-key',
  'out-of-order-state',
  'non-object-line',
  'empty-line',
  'schema-not-object',
] as const;

/** One of HOSTILE_KINDS. */
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** Whether the target must load (`ok`), must refuse (`fail`), or may do either (`either`). */
export const EXPECTED: Readonly<Record<HostileKind, 'ok' | 'fail' | 'either'>> = {
  'truncated-line': 'fail',
  'invalid-utf8': 'either',
  'huge-line': 'ok',
  'deep-nesting': 'either',
  'unknown-stream': 'fail',
  'wrong-type-key': 'fail',
  'wrong-type-number': 'fail',
  'missing-key': 'fail',
  'duplicate-key': 'ok',
  'out-of-order-state': 'ok',
  'non-object-line': 'fail',
  'empty-line': 'either',
  'schema-not-object': 'fail',
};

/** A generated input: its lines and what a correct load must contain. */
export interface HostileInput {
  readonly lines: readonly Buffer[];
  /** id → v of every record sent before the hostile line (the last record of an id wins). */
  readonly before: ReadonlyMap<number, string | null>;
  /** id → v of every well-formed record (what a successful load holds; null: any value, for `either` kinds). */
  readonly all: ReadonlyMap<number, string | null>;
  /** For each STATE line: the ids of the records sent before it. */
  readonly states: ReadonlyMap<number, readonly number[]>;
  readonly lastState: number;
}

/** Parameters drawn by fast-check. */
export interface HostileParams {
  readonly records: number;
  readonly kind: HostileKind;
  readonly at: number;
  readonly depth: number;
  readonly hugeBytes: number;
}

export const STREAM = 'hostile';
const SCHEMA = {
  type: 'SCHEMA',
  stream: STREAM,
  key_properties: ['id'],
  schema: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      v: { type: ['null', 'string'] },
      num: { type: ['null', 'number'] },
      obj: { type: ['null', 'object'] },
    },
  },
};
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const record = (id: unknown, v: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'RECORD',
  stream: STREAM,
  record: { id, v, num: 1.5, ...extra },
});

/** Builds the input: SCHEMA, records with a STATE after every third, the hostile line at `at`, a final STATE. */
export function buildHostileInput(params: HostileParams): HostileInput {
  const lines: Buffer[] = [json(SCHEMA)];
  const all = new Map<number, string | null>();
  let before = new Map<number, string | null>();
  const states = new Map<number, readonly number[]>();
  const at = params.at % (params.records + 1);
  let stateNo = 0;
  const state = (): void => {
    stateNo += 1;
    states.set(stateNo, [...all.keys()]);
    lines.push(json({ type: 'STATE', value: { n: stateNo } }));
  };
  for (let i = 0; i <= params.records; i++) {
    if (i === at) {
      before = new Map(all);
      lines.push(...hostileLines(params, all));
    }
    if (i === params.records) break;
    const id = i + 1;
    const v = `value ${id} \t\\ "q" é 😀`;
    all.set(id, v);
    lines.push(json(record(id, v)));
    if (i % 3 === 2) state();
  }
  state();
  return { lines, before, all, states, lastState: stateNo };
}

function hostileLines(params: HostileParams, all: Map<number, string | null>): Buffer[] {
  const id = 100_000 + params.at;
  switch (params.kind) {
    case 'truncated-line': {
      const full = json(record(id, 'cut me'));
      return [full.subarray(0, Math.max(1, Math.floor(full.length / 2)))];
    }
    case 'invalid-utf8':
      all.set(id, null);
      return [
        Buffer.concat([
          Buffer.from(`{"type":"RECORD","stream":"${STREAM}","record":{"id":${id},"v":"bad `),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('"}}'),
        ]),
      ];
    case 'huge-line': {
      const v = 'h'.repeat(params.hugeBytes);
      all.set(id, v);
      return [json(record(id, v))];
    }
    case 'deep-nesting': {
      all.set(id, null);
      const obj = `${'{"a":'.repeat(params.depth)}1${'}'.repeat(params.depth)}`;
      return [Buffer.from(`{"type":"RECORD","stream":"${STREAM}","record":{"id":${id},"v":"deep","obj":${obj}}}`)];
    }
    case 'unknown-stream':
      return [json({ ...record(id, 'x'), stream: 'no_such_stream' })];
    case 'wrong-type-key':
      return [json(record('not a number', 'x'))];
    case 'wrong-type-number':
      return [json(record(id, 'x', { num: 'twelve' }))];
    case 'missing-key':
      return [json({ type: 'RECORD', stream: STREAM, record: { v: 'no key' } })];
    case 'duplicate-key': {
      const first = [...all.keys()][0] ?? 1;
      all.set(first, 'replaced by a later record');
      return [json(record(first, 'replaced by a later record'))];
    }
    case 'out-of-order-state':
      return [json({ type: 'STATE', value: { n: -1, note: 'older than the previous one' } })];
    case 'non-object-line':
      return [Buffer.from('[1,2,3]')];
    case 'empty-line':
      return [Buffer.from('')];
    case 'schema-not-object':
      return [json({ type: 'SCHEMA', stream: 'other', key_properties: [], schema: { type: 'string' } })];
  }
}
