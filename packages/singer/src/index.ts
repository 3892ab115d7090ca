export * from './errors';
export * from './messages';
export * from './io';
export * from './catalog';
export * from './state';
export * from './config';
export * from './logging';
export * from './cli';
