export * from './state';
export * from './normalize-state';
export * from './bookmarks';
export * from './read-state-file';
