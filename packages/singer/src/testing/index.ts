export * from './target-fixture';
export * from './values-match';
export * from './compare-rows';
export * from './standard-target-suite';
