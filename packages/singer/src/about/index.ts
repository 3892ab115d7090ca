export * from './about-info';
export * from './settings-table';
export * from './markers';
export * from './config-docs';
export * from './package-version';
export * from './meltano-settings';
export * from './meltano-plugin-definition';
