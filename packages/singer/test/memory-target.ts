import { Readable } from 'node:stream';
import { isKnownError, readMessages, type SchemaMessage } from '../src';
import type { StandardTargetAdapter, TargetRun } from '../src/testing';

type Row = Record<string, unknown>;

/** Faults to inject so tests can see the suite catch a wrong target. */
export interface MemoryTargetFaults {
  readonly noDedupe?: boolean;
  readonly reverseStates?: boolean;
  readonly ignoreHardDelete?: boolean;
}

/** A reference target keeping tables in memory: upsert by key, hard delete, state after each commit. */
export function memoryTarget(faults: MemoryTargetFaults = {}): StandardTargetAdapter & { tables: Map<string, Row[]> } {
  const tables = new Map<string, Row[]>();
  const run = async (text: string, config: Readonly<Record<string, unknown>>): Promise<TargetRun> => {
    const schemas = new Map<string, SchemaMessage>();
    const states: string[] = [];
    try {
      for await (const { message, lineNumber } of readMessages(Readable.from([text]))) {
        if (message.type === 'SCHEMA') schemas.set(message.stream, message);
        if (message.type === 'STATE') states.push(JSON.stringify(message.value));
        if (message.type !== 'RECORD') continue;
        const schema = schemas.get(message.stream);
        if (!schema) throw Object.assign(new Error(`line ${lineNumber}: RECORD before SCHEMA`), { known: true });
        const rows = tables.get(message.stream) ?? [];
        tables.set(message.stream, rows);
        const keys = schema.key_properties;
        const at =
          keys.length === 0 || faults.noDedupe
            ? -1
            : rows.findIndex((row) => keys.every((k) => row[k] === message.record[k]));
        const deleted = config.hard_delete === true && !faults.ignoreHardDelete && message.record._sdc_deleted_at;
        if (deleted) {
          if (at >= 0) rows.splice(at, 1);
        } else if (at >= 0) rows[at] = { ...rows[at], ...message.record };
        else rows.push({ ...message.record });
      }
    } catch (error) {
      return { code: 1, stdout: '', stderr: `CRITICAL ${isKnownError(error) ? error.message : String(error)}\n` };
    }
    if (faults.reverseStates) states.reverse();
    return { code: 0, stdout: states.map((state) => `${state}\n`).join(''), stderr: '' };
  };
  return {
    tables,
    runTarget: run,
    readRows: (stream) => Promise.resolve(tables.get(stream) ?? []),
    resetDestination: () => {
      tables.clear();
      return Promise.resolve();
    },
  };
}
