export * from './read-lines';
export * from './read-messages';
export * from './message-writer';
