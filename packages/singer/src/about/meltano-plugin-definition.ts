import type { AboutInfo } from './about-info';
import { meltanoSettings, type MeltanoSetting } from './meltano-settings';

/** What a Meltano plugin definition says besides what `--about` knows. */
export interface MeltanoPluginMeta {
  readonly pluginType: 'extractors' | 'loaders';
  readonly variant: string;
  readonly namespace: string;
  readonly label: string;
  /** What `pip install` takes: the PyPI name of the wheel. */
  readonly pipUrl: string;
  readonly domainUrl: string;
  readonly keywords: readonly string[];
  /** Settings that must be set besides the schema's required ones, one list per valid alternative. */
  readonly settingsGroupAlternatives?: readonly (readonly string[])[];
  /** Markdown for the Hub page's prerequisites and usage sections. */
  readonly prereq: string;
  readonly usage: string;
}

/** A plugin definition as Meltano Hub stores it (`_data/meltano/<type>/<name>/<variant>.yml`), keys sorted. */
export interface MeltanoPluginDefinition {
  readonly capabilities: readonly string[];
  readonly description: string;
  readonly domain_url: string;
  readonly executable: string;
  readonly keywords: readonly string[];
  readonly label: string;
  readonly maintenance_status: 'active';
  readonly name: string;
  readonly namespace: string;
  readonly pip_url: string;
  readonly prereq: string;
  readonly settings: readonly MeltanoSetting[];
  readonly settings_group_validation: readonly (readonly string[])[];
  readonly usage: string;
  readonly variant: string;
}

/** The Hub definition of a CLI, from its `--about` info (settings from the config schema) and the Hub metadata. */
export function meltanoPluginDefinition(about: AboutInfo, meta: MeltanoPluginMeta): MeltanoPluginDefinition {
  const required = Array.isArray(about.configSchema.required)
    ? about.configSchema.required.filter((key): key is string => typeof key === 'string')
    : [];
  const groups = (meta.settingsGroupAlternatives ?? [[]]).map((extra) => [...new Set([...required, ...extra])].sort());
  return {
    capabilities: [...about.capabilities].sort(),
    description: about.description,
    domain_url: meta.domainUrl,
    executable: about.name,
    keywords: meta.keywords,
    label: meta.label,
    maintenance_status: 'active',
    name: about.name,
    namespace: meta.namespace,
    pip_url: meta.pipUrl,
    prereq: meta.prereq,
    settings: meltanoSettings(about.configSchema),
    settings_group_validation: groups,
    usage: meta.usage,
    variant: meta.variant,
  };
}

/** Meltano's lock file of a definition (`plugins/<type>/<name>--<variant>.lock`): what `meltano add` would write. */
export function meltanoLockFile(
  definition: MeltanoPluginDefinition,
  meta: Pick<MeltanoPluginMeta, 'pluginType'>,
): MeltanoPluginDefinition & { readonly plugin_type: string } {
  return { plugin_type: meta.pluginType, ...definition };
}
