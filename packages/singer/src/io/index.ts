export * from './bytes';
export * from './read-line-batches';
export * from './read-lines';
export * from './read-messages';
export * from './message-writer';
export * from './read-json-file';
