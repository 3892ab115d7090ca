export * from './singer-message';
export * from './parse-message';
export * from './format-message';
export * from './stringify-json';
