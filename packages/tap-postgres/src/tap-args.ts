import { readCatalogFile, type Catalog, type CommonArgs } from '@pgsinger/singer';

/** Command-line arguments of tap-postgres (the Singer tap conventions). */
export interface TapArgs extends CommonArgs {
  readonly state?: string;
  readonly catalog?: string;
  readonly properties?: string;
  readonly discover?: boolean;
  /** Scale-out (docs/scale-out.md): plan N partitions, run one, or merge their states. */
  readonly planPartitions?: number;
  readonly plan?: string;
  readonly partition?: number;
  readonly mergeStates?: string[];
}

/** The catalog of `--catalog` (or the older `--properties`), undefined when neither is given. */
export function catalogArgument(argv: TapArgs): Catalog | undefined {
  if (argv.catalog !== undefined) return readCatalogFile(argv.catalog, '--catalog');
  if (argv.properties !== undefined) return readCatalogFile(argv.properties, '--properties');
  return undefined;
}
