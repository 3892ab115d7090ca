import { isDeepStrictEqual } from 'node:util';
import { parseMessage } from '../messages/parse-message';
import { compareRows, type ColumnNameOf } from './compare-rows';
import { readFixture, TARGET_FIXTURES, type TargetFixture } from './target-fixture';

/** What a target run returned. */
export interface TargetRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How the standard suite drives one target; target-postgres provides it. */
export interface StandardTargetAdapter {
  /** Runs the target with the fixture text on stdin and the base config plus these overrides. */
  runTarget(fixtureText: string, configOverrides: Readonly<Record<string, unknown>>): Promise<TargetRun>;
  /** Every row the destination holds for a stream, ordered by key. */
  readRows(streamName: string): Promise<Record<string, unknown>[]>;
  /** Empties the destination before each fixture. */
  resetDestination(): Promise<void>;
  /** Destination column of a fixture property (default: same name, else ignoring case). */
  columnName?: ColumnNameOf;
}

/** Options of `defineStandardTargetSuite`. */
export interface StandardTargetSuiteOptions {
  /** Run only these fixtures. */
  readonly only?: readonly string[];
  /** Leave these fixtures out (e.g. a feature the target does not have yet). */
  readonly skip?: readonly string[];
  /** Per-test timeout in milliseconds. */
  readonly timeout?: number;
}

/** The STATE values of a fixture, in order. */
export function fixtureStates(text: string): unknown[] {
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), lineNumber: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, lineNumber }) => parseMessage(line, lineNumber))
    .flatMap((message) => (message.type === 'STATE' ? [message.value] : []));
}

/** The JSON values the target printed on stdout, one per non-blank line. */
export function printedStates(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/** Runs one fixture through the adapter and asserts its outcome, rows and printed states (jest `expect`). */
export async function checkTargetFixture(adapter: StandardTargetAdapter, fixture: TargetFixture): Promise<void> {
  const text = readFixture(fixture);
  const run = await adapter.runTarget(text, fixture.config);
  const context = `fixture ${fixture.name}: exit ${String(run.code)}\nstderr:\n${run.stderr}`;
  if (fixture.outcome === 'failure') {
    expect({ failed: run.code !== 0, context }).toEqual({ failed: true, context });
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    if (fixture.stderr) expect(run.stderr).toMatch(fixture.stderr);
    return;
  }
  expect({ code: run.code, context }).toEqual({ code: 0, context });
  for (const [stream, rows] of Object.entries(fixture.rows)) {
    const compared = compareRows(stream, rows, await adapter.readRows(stream), adapter.columnName);
    expect({ stream, rows: compared.actual }).toEqual({ stream, rows: compared.expected });
  }
  const inputs = fixtureStates(text);
  const printed = printedStates(run.stdout);
  expect(printed.at(-1)).toEqual(inputs.at(-1));
  expect({ printedStatesInInputOrder: isSubsequence(printed, inputs), printed }).toEqual({
    printedStatesInInputOrder: true,
    printed,
  });
}

/** Declares one jest test per standard fixture (reset, run, compare); call it inside a `describe`. */
export function defineStandardTargetSuite(
  adapter: StandardTargetAdapter,
  options: StandardTargetSuiteOptions = {},
): void {
  const fixtures = TARGET_FIXTURES.filter(
    (item) => (!options.only || options.only.includes(item.name)) && !options.skip?.includes(item.name),
  );
  describe('standard target suite', () => {
    beforeEach(() => adapter.resetDestination());
    for (const fixture of fixtures) {
      test(`${fixture.name}: ${fixture.description}`, () => checkTargetFixture(adapter, fixture), options.timeout);
    }
  });
}

function isSubsequence(items: readonly unknown[], sequence: readonly unknown[]): boolean {
  let at = 0;
  for (const [index, item] of items.entries()) {
    if (index > 0 && isDeepStrictEqual(items[index - 1], item)) continue; // the same state printed again is fine
    while (at < sequence.length && !isDeepStrictEqual(sequence[at], item)) at += 1;
    if (at === sequence.length) return false;
    at += 1;
  }
  return true;
}
