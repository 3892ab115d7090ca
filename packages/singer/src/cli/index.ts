export * from './common-options';
export * from './main-context';
export * from './run-main';
