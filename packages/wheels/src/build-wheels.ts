import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleCli } from './bundle-cli';
import { renderPyproject } from './pyproject';
import { WHEEL_PLUGINS, wheelFileName, type WheelPlugin } from './wheel-plugins';

const run = promisify(execFile);
const LAUNCHER = path.join(__dirname, '..', 'python', 'launcher.py');

/** Options of `buildWheels`. */
export interface BuildWheelsOptions {
  /** Directory that receives the .whl files (created when missing). */
  readonly outDir: string;
  /** Python with pip that builds the wheels (default `$PYTHON` or `python3`). */
  readonly python?: string;
  readonly plugins?: readonly WheelPlugin[];
}

/** A built wheel. */
export interface BuiltWheel {
  readonly plugin: WheelPlugin;
  readonly version: string;
  readonly path: string;
}

interface PackageJson {
  readonly version: string;
  readonly description: string;
  readonly license: string;
}

/** Builds one wheel per plugin from the built dist (run `npm run build` first); returns their paths. */
export async function buildWheels(options: BuildWheelsOptions): Promise<BuiltWheel[]> {
  const python = options.python ?? process.env.PYTHON ?? 'python3';
  mkdirSync(options.outDir, { recursive: true });
  const built: BuiltWheel[] = [];
  for (const plugin of options.plugins ?? WHEEL_PLUGINS) {
    const manifest = JSON.parse(readFileSync(path.join(plugin.packageDir, 'package.json'), 'utf8')) as PackageJson;
    // Staged outside the repository: hatchling would drop files that the repository's .gitignore names (dist/).
    const staging = mkdtempSync(path.join(tmpdir(), `${plugin.distribution}-`));
    try {
      await stagePlugin(plugin, manifest, staging);
      await pipWheel(python, staging, options.outDir, plugin);
      const wheel = path.join(options.outDir, wheelFileName(plugin, manifest.version));
      if (!existsSync(wheel)) throw new Error(`pip wheel did not write ${wheel}`);
      built.push({ plugin, version: manifest.version, path: wheel });
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return built;
}

async function stagePlugin(plugin: WheelPlugin, manifest: PackageJson, staging: string): Promise<void> {
  const moduleDir = path.join(staging, 'src', plugin.module);
  mkdirSync(moduleDir, { recursive: true });
  writeFileSync(path.join(staging, 'pyproject.toml'), renderPyproject(plugin, manifest));
  copyFileSync(path.join(plugin.packageDir, 'README.md'), path.join(staging, 'README.md'));
  writeFileSync(path.join(moduleDir, '__init__.py'), `__version__ = ${JSON.stringify(manifest.version)}\n`);
  copyFileSync(LAUNCHER, path.join(moduleDir, 'launcher.py'));
  await bundleCli(plugin.packageDir, plugin.bin, path.join(moduleDir, 'cli.js'));
  // The CLI reads its version from the nearest package.json (packageVersion(__dirname)).
  const version = { name: plugin.bin, version: manifest.version, private: true };
  writeFileSync(path.join(moduleDir, 'package.json'), `${JSON.stringify(version, null, 2)}\n`);
}

async function pipWheel(python: string, staging: string, outDir: string, plugin: WheelPlugin): Promise<void> {
  const args = ['-m', 'pip', 'wheel', '--no-deps', '--no-input', '--quiet', '--wheel-dir', outDir, staging];
  try {
    await run(python, args, { env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' }, maxBuffer: 16 << 20 });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(
      `building the ${plugin.distribution} wheel failed (${python} ${args.join(' ')}): ${stderr || message}`,
    );
  }
}
