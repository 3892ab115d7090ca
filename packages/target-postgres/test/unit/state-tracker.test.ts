import fc from 'fast-check';
import { StateTracker, type FlushTicket } from '../../src/state/state-tracker';
import { StateModel } from './state-model';

const s = (n: number) => ({ s: n });
const printed = (lines: string[]) => lines.map((line) => (JSON.parse(line) as { s: number }).s);

describe('StateTracker', () => {
  it('fixes the state a load releases at dispatch and prints in dispatch order', () => {
    const t = new StateTracker();
    t.recordReceived('a');
    t.received(s(1));
    t.recordReceived('b');
    t.received(s(2));
    const first = t.dispatch('a'); // b's record precedes s:2: covers s:1 only
    const second = t.dispatch('b'); // covers s:2
    t.received(s(3));
    expect(t.complete(second)).toEqual([]); // waits for the first load
    expect(t.complete(first)).toEqual(['{"s":1}', '{"s":2}']);
    expect(t.settle()).toEqual(['{"s":3}']);
  });

  it('prints a state that needed no records at the end, once', () => {
    const t = new StateTracker();
    t.received(s(1));
    expect(t.settle()).toEqual(['{"s":1}']);
    expect(t.settle()).toEqual([]);
  });

  it('never prints past a load that did not complete', () => {
    const t = new StateTracker();
    t.recordReceived('a');
    t.received(s(1));
    const failed = t.dispatch('a');
    t.recordReceived('b');
    t.received(s(2));
    const later = t.dispatch('b');
    expect(t.complete(later)).toEqual([]);
    expect(failed.done).toBe(false);
    // a's record, before s:1, is not committed: nothing can be printed.
    expect(t.settle()).toEqual([]);
  });

  it('after a failure prints the newest state whose records are committed', () => {
    const t = new StateTracker();
    t.recordReceived('a');
    t.recordReceived('a');
    t.received(s(1));
    const ok = t.dispatch('a');
    t.received(s(2));
    expect(t.complete(ok)).toEqual(['{"s":1}']);
    t.recordReceived('a');
    t.received(s(3));
    t.dispatch('a'); // fails
    expect(t.settle()).toEqual(['{"s":2}']);
  });

  it('a state after every record of one stream: two states held, the load releases the last one before its cut', () => {
    const t = new StateTracker();
    const lines: string[] = [];
    let load: FlushTicket | undefined;
    for (let i = 1; i <= 10_000; i++) {
      t.recordReceived('a');
      if (i % 2_000 === 0) {
        if (load !== undefined) lines.push(...t.complete(load));
        load = t.dispatch('a'); // the batch trigger fired on record i, before the state that follows it
      }
      t.received(s(i));
      expect(t.heldCount).toBeLessThanOrEqual(4);
    }
    lines.push(...t.complete(load!), ...t.settle());
    expect(printed(lines)).toEqual([1_999, 3_999, 5_999, 7_999, 9_999, 10_000]);
  });

  it('interleaved streams: a load of one releases the last state before the other one’s first unloaded record', () => {
    const t = new StateTracker();
    for (let i = 1; i <= 100; i++) {
      t.recordReceived(i % 2 === 1 ? 'a' : 'b');
      t.received(s(i));
    }
    expect(t.heldCount).toBeLessThanOrEqual(3); // the state before a's first record, before b's first, the newest
    expect(t.complete(t.dispatch('b'))).toEqual([]); // a's first record came before every state
    for (let i = 101; i <= 200; i++) {
      t.recordReceived(i % 2 === 1 ? 'a' : 'b');
      t.received(s(i));
    }
    // b's first record after its load was record 102, after s:101.
    expect(t.complete(t.dispatch('a'))).toEqual(['{"s":101}']);
    expect(t.complete(t.dispatch('b'))).toEqual(['{"s":200}']);
  });

  it('many streams: at most maxHeld states are held, the resume points get coarser, the last state still ends', () => {
    const t = new StateTracker(4);
    for (let i = 1; i <= 40; i++) {
      t.recordReceived(`m${i}`);
      t.received(s(i));
      expect(t.heldCount).toBeLessThanOrEqual(5);
    }
    const lines = Array.from({ length: 40 }, (_, i) => t.complete(t.dispatch(`m${i + 1}`))).flat();
    lines.push(...t.settle());
    // s:1…s:3 are the states before m2…m4; m5…m40 count as following s:3, the newest state already held when they came.
    expect(printed(lines)).toEqual([1, 2, 3, 40]);
  });

  it('does not print the same state twice in a row', () => {
    const t = new StateTracker();
    t.recordReceived('a');
    t.received(s(1));
    expect(t.complete(t.dispatch('a'))).toEqual(['{"s":1}']);
    t.recordReceived('a');
    t.received(s(1));
    expect(t.complete(t.dispatch('a'))).toEqual([]);
  });

  it('matches a model that keeps every state and record (any input, loads finishing in any order, failures)', () => {
    const stream = fc.constantFrom('a', 'b', 'c', 'd');
    const op = fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('record' as const), stream }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('state' as const) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('dispatch' as const), stream }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('complete' as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), pick: fc.nat() }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.constantFrom(1, 2, 3, 1000), fc.boolean(), (ops, max, fails) => {
        const t = new StateTracker(max);
        const m = new StateModel();
        const tickets = new Map<number, FlushTicket>();
        // With room for every state the output is the model's exactly; with less, every line is still safe.
        const exact = max === 1000;
        let failed = false;
        const all: number[] = [];
        const check = (got: string[], expected: number[]) => {
          const numbers = printed(got);
          if (exact) expect(numbers).toEqual(expected);
          for (const n of numbers) expect(m.committedBefore(n)).toBe(true);
          all.push(...numbers);
        };
        const complete = (id: number) => check(t.complete(tickets.get(id)!), m.complete(id));
        for (const o of ops) {
          if (o.kind === 'record' && !failed) {
            t.recordReceived(o.stream);
            m.record(o.stream);
          } else if (o.kind === 'state' && !failed) {
            m.state();
            t.received(s(m.states));
          } else if (o.kind === 'dispatch' && !failed && m.holds(o.stream)) {
            tickets.set(m.dispatch(o.stream), t.dispatch(o.stream));
          } else if (o.kind === 'complete' && m.loading().length > 0) {
            complete(m.loading()[o.pick % m.loading().length]);
          } else if (o.kind === 'fail' && fails && m.loading().length > 0) {
            m.fail(m.loading()[o.pick % m.loading().length]);
            failed = true; // the target stops reading; the other loads settle
          }
          expect(t.heldCount).toBeLessThanOrEqual(max + 1 + m.queued());
        }
        if (!failed)
          for (const name of ['a', 'b', 'c', 'd']) if (m.holds(name)) tickets.set(m.dispatch(name), t.dispatch(name));
        for (const id of m.loading()) complete(id);
        check(t.settle(), m.settle());
        expect(all).toEqual([...new Set(all)].sort((x, y) => x - y));
        if (!failed && m.states > 0) expect(all.at(-1)).toBe(m.states);
      }),
      { numRuns: 2_000 },
    );
  });
});
