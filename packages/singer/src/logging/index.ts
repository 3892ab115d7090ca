export * from './log-level';
export * from './logger';
export * from './redactor';
export * from './python-json';
export * from './metrics';
export * from './progress';
export * from './progress-format';
