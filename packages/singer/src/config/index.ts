export * from './read-config-files';
export * from './compile-config-validator';
export { ajvRuntime } from './config-schema';
export * from './secret-values';
export * from './describe-settings';
export * from './env-config';
