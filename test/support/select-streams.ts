export type { CatalogShape, StreamChoice } from '@pgsinger/testkit';
export { selectStreams } from '@pgsinger/testkit';
