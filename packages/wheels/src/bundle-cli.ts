import { build } from 'esbuild';
import path from 'node:path';

/**
 * Optional native parts that must stay out of the bundle: ssh2's crypto binding and cpu-features (both loaded in a
 * try, pure JavaScript otherwise) and pg-native (loaded only when pg.native is used, which we never do).
 */
export const BUNDLE_EXTERNALS: readonly string[] = ['*.node', 'cpu-features', 'pg-native'];

/** Bundles a package's bin (`bin/<name>.js`) and every npm dependency into one CommonJS file for Node 20+. */
export async function bundleCli(packageDir: string, bin: string, outfile: string): Promise<void> {
  const result = await build({
    entryPoints: [path.join(packageDir, 'bin', `${bin}.js`)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: [...BUNDLE_EXTERNALS],
    logLevel: 'silent',
  });
  if (result.errors.length > 0) {
    throw new Error(`bundling ${bin} failed: ${result.errors.map((error) => error.text).join('; ')}`);
  }
}
