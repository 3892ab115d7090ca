export { main, runTargetCli } from './cli';
export { resolveSettings, targetConfigSchema } from './config';
export type { TargetConfig, TargetSettings } from './config';
export { Target } from './target';
