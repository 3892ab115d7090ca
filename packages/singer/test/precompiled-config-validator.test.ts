import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileConfigValidator } from '../src';
import { precompileConfigValidator } from '../src/config/precompile-config-validator';
import { builtDist, PACKAGE_DIR } from './built-dist';
import { schema } from './config-schema';

// A precompiled validator (what `npm run build` writes for each bin) must judge configs exactly as the one ajv
// compiles at run time: defaults, coercion, every problem listed, unknown keys only warned about.

const CONFIGS: unknown[] = [
  { host: 'h', password: 'p' },
  { host: 'h', password: 'p', port: '6543', hard_delete: 'true', ssh: { key: 'k' } },
  { host: '', port: 0, mode: 'c' },
  { port: 'x', slot: 'abcd', batch_size_rows: 0 },
  { host: 'h', password: 'p', slot: '😀😀' }, // two characters (four UTF-16 units): within maxLength 3, as ajv counts
  { host: 'h', password: 'p', extra: 1 },
  null,
];

function outcome(validate: ReturnType<typeof compileConfigValidator>, raw: unknown): unknown {
  const warnings: string[] = [];
  try {
    return { config: validate(raw, { warn: (message) => warnings.push(message) }), warnings };
  } catch (error) {
    return { error: (error as Error).message, warnings };
  }
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Writes a precompiled validator inside this package, where its `require("@pgsinger/singer")` resolves. */
function writePrecompiled(source: string): string {
  builtDist(); // the validator reaches ajv's helpers through the built package
  const dir = mkdtempSync(join(PACKAGE_DIR, 'dist', 'test-validator-'));
  dirs.push(dir);
  const file = join(dir, 'config.validator.js');
  writeFileSync(file, source);
  return file;
}

describe('precompiled config validators', () => {
  test('judge every config as the run-time compiled validator does', () => {
    const file = writePrecompiled(precompileConfigValidator(schema));
    const precompiled = compileConfigValidator(schema, file);
    const compiled = compileConfigValidator(schema);
    for (const raw of CONFIGS)
      expect({ raw, got: outcome(precompiled, raw) }).toEqual({ raw, got: outcome(compiled, raw) });
  });

  test('are what runs when made from this schema', () => {
    const file = writePrecompiled(
      `${precompileConfigValidator(schema)}\nmodule.exports = Object.assign(() => { throw new Error('the precompiled one'); }, { schemaHash: module.exports.schemaHash });\n`,
    );
    expect(outcome(compileConfigValidator(schema, file), { host: 'h', password: 'p' })).toEqual({
      error: 'the precompiled one',
      warnings: [],
    });
  });

  test('need no ajv of their own: its run-time helpers come through @pgsinger/singer', () => {
    const source = precompileConfigValidator(schema);
    expect(source).not.toMatch(/require\("ajv/);
    expect(source).toMatch(/require\("@pgsinger\/singer"\)\.ajvRuntime\.ucs2length/);
  });

  test('one made from another version of the schema is ignored: the live schema decides', () => {
    const older = { ...schema, required: ['password'] };
    const file = writePrecompiled(precompileConfigValidator(older));
    expect(readFileSync(file, 'utf8')).toMatch(/schemaHash/);
    const validate = compileConfigValidator(schema, file);
    expect(outcome(validate, { password: 'p' })).toEqual(outcome(compileConfigValidator(schema), { password: 'p' }));
    expect(outcome(validate, { password: 'p' })).toEqual({
      error: expect.stringMatching(/\$\.host is required/),
      warnings: [],
    });
  });
});
