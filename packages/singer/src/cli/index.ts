export * from './common-options';
export * from './run-main';
