import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TMPDIR_ENV } from '@pgsinger/testkit';

// Stand-ins for tap-postgres and target-postgres in the cron tests. The tap reads `--state` (a counter bookmark),
// appends the bookmark it started from to $FAKE_LOG, and emits three records with a STATE after each; the target
// prints each STATE value on stdout. FAKE_TAP_EXIT / FAKE_TARGET_EXIT make them fail (the target after printing one
// state, so a partial output exists), FAKE_TAP_SLEEP_MS keeps the tap running.

const TAP = `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
const at = args.indexOf('--state');
const state = at >= 0 ? JSON.parse(fs.readFileSync(args[at + 1], 'utf8')) : { bookmarks: {} };
const start = (state.bookmarks.counter && state.bookmarks.counter.n) || 0;
if (process.env.FAKE_LOG) fs.appendFileSync(process.env.FAKE_LOG, start + '\\n');
const lines = [JSON.stringify({ type: 'SCHEMA', stream: 'counter', schema: {}, key_properties: ['n'] })];
for (let n = start + 1; n <= start + 3; n++) {
  lines.push(JSON.stringify({ type: 'RECORD', stream: 'counter', record: { n } }));
  lines.push(JSON.stringify({ type: 'STATE', value: { bookmarks: { counter: { n } } } }));
}
setTimeout(() => {
  process.stdout.write(lines.join('\\n') + '\\n');
  process.exitCode = Number(process.env.FAKE_TAP_EXIT || 0);
}, Number(process.env.FAKE_TAP_SLEEP_MS || 0));
`;

const TARGET = `#!/usr/bin/env node
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const states = input.split('\\n').filter(Boolean).map((line) => JSON.parse(line)).filter((m) => m.type === 'STATE');
  const fail = Number(process.env.FAKE_TARGET_EXIT || 0);
  const printed = fail ? states.slice(0, 1) : states;
  process.stdout.write(printed.map((m) => JSON.stringify(m.value) + '\\n').join(''));
  if (fail) process.stderr.write('CRITICAL fake target failure\\n');
  process.exitCode = fail;
});
`;

/** Writes the fake bins into a fresh directory: `{ tap, target }` executable paths. */
export function writeFakeBins(): { tap: string; target: string } {
  const dir = mkdtempSync(path.join(process.env[TMPDIR_ENV] || tmpdir(), 'pgsinger-fake-bins-'));
  const tap = path.join(dir, 'fake-tap');
  const target = path.join(dir, 'fake-target');
  writeFileSync(tap, TAP);
  writeFileSync(target, TARGET);
  chmodSync(tap, 0o755);
  chmodSync(target, 0o755);
  return { tap, target };
}
