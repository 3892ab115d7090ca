import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchContext } from './bench-context';
import { psqlArgs, psqlEnv } from './bench-context';
import { result } from './log-based';
import { measurePipeline, type PipelineCost } from './measure';
import type { ScenarioResult } from './report';

/**
 * The state-per-record benchmark: the target on records with a STATE after each, beside the same records with one
 * STATE at the end. This is its `--only` id.
 */
export const STATE_PER_RECORD = 'state-per-record';

const VARIANTS = ['state-at-end', 'state-per-record'] as const;
type Variant = (typeof VARIANTS)[number];
const DESTINATIONS = ['empty', 'full'] as const;

/**
 * A STATE as a tap that bookmarks every record writes it (Singer SDK taps checkpoint often): the whole state, with the
 * record's position as the bookmark.
 */
function stateLine(stream: string, position: number): string {
  const bookmark = { last_replication_method: 'INCREMENTAL', replication_key: 'id', replication_key_value: position };
  return JSON.stringify({ type: 'STATE', value: { currently_syncing: stream, bookmarks: { [stream]: bookmark } } });
}

/**
 * From the captured FULL_TABLE file, two inputs with the same records: one with a STATE after every RECORD, one with
 * only a STATE at the end (the tap's own STATEs are left out of both; both end with the tap's last one).
 */
async function writeInputs(ctx: BenchContext): Promise<Record<Variant, string>> {
  const files = {
    'state-at-end': path.join(ctx.workDir, 'state-at-end.singer'),
    'state-per-record': path.join(ctx.workDir, 'state-per-record.singer'),
  };
  const atEnd = createWriteStream(files['state-at-end']);
  const perRecord = createWriteStream(files['state-per-record']);
  const write = async (out: NodeJS.WritableStream, text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let lastState = '';
  let records = 0;
  for await (const line of createInterface({
    input: createReadStream(ctx.files.capturedSinger),
    crlfDelay: Infinity,
  })) {
    if (line.startsWith('{"type":"STATE"')) {
      lastState = line;
      continue;
    }
    await write(atEnd, `${line}\n`);
    await write(perRecord, `${line}\n`);
    const stream = /^\{"type":"RECORD","stream":"([^"]+)"/.exec(line)?.[1];
    if (stream !== undefined) await write(perRecord, `${stateLine(stream, ++records)}\n`);
  }
  for (const out of [atEnd, perRecord]) {
    out.end(`${lastState}\n`);
    await once(out, 'finish');
  }
  return files;
}

/** Drops the target's schema (not timed): the next run loads into an empty destination. */
function dropTargetSchema(ctx: BenchContext): void {
  const sql = `DROP SCHEMA IF EXISTS "${ctx.targetSchema}" CASCADE`;
  execFileSync(ctx.psql, psqlArgs(ctx.destination, sql), { env: { ...process.env, ...psqlEnv(ctx.destination) } });
}

/**
 * The target alone on the captured records with a STATE after every RECORD, beside the same records with one STATE at
 * the end, each into an empty destination and then into the full one it left (upsert); ratio = rows/s over the
 * one-STATE input's into the same kind of destination (issue 22's goal: at least 0.9).
 */
export async function runStatePerRecordBench(ctx: BenchContext, repeat: number): Promise<ScenarioResult[]> {
  const inputs = await writeInputs(ctx);
  const costs = new Map<string, PipelineCost[]>();
  for (let i = 0; i < repeat; i++) {
    for (const variant of VARIANTS) {
      dropTargetSchema(ctx);
      for (const destination of DESTINATIONS) {
        const step = { name: 'target', command: ctx.node, args: [ctx.targetBin, '--config', ctx.files.targetConfig] };
        const cost = await measurePipeline([step], { stdinFile: inputs[variant] });
        const id = `${variant}-${destination}`;
        costs.set(id, [...(costs.get(id) ?? []), cost]);
      }
    }
  }
  return DESTINATIONS.flatMap((destination) => {
    const [atEnd, perRecord] = VARIANTS.map((variant) => `${variant}-${destination}`);
    const title = (id: string): string => `target-postgres alone, ${id}`;
    const base = result(atEnd, title(atEnd), ctx.rows, costs.get(atEnd)!);
    return [base, result(perRecord, title(perRecord), ctx.rows, costs.get(perRecord)!, base.rowsPerSecond)];
  });
}
