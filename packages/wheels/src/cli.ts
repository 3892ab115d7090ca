import path from 'node:path';
import { buildWheels } from './build-wheels';

// npm run build:wheels [-- --out DIR] [--python PYTHON]: one wheel per plugin into dist/wheels/ (default).
const ROOT = path.join(__dirname, '..', '..', '..');

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

buildWheels({ outDir: path.resolve(option('out') ?? path.join(ROOT, 'dist', 'wheels')), python: option('python') })
  .then((wheels) => {
    for (const wheel of wheels) process.stdout.write(`${wheel.path}\n`);
  })
  .catch((error: unknown) => {
    process.stderr.write(`build:wheels: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
