export * from './catalog';
export * from './parse-catalog';
export * from './read-catalog-file';
export * from './metadata-for';
export * from './is-stream-selected';
export * from './replication-method-of';
