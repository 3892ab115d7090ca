/** The slice of a JSON Schema property the target reads. */
export interface JsonSchemaProperty {
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly properties?: Readonly<Record<string, JsonSchemaProperty>>;
  readonly anyOf?: readonly JsonSchemaProperty[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
  readonly 'x-sql-datatype'?: string;
}

/** The JSON types a property allows (from `type`, or from `anyOf` branches), without `null`. */
export function jsonTypes(property: JsonSchemaProperty): string[] {
  const out = new Set<string>();
  const add = (p: JsonSchemaProperty): void => {
    const t = p.type;
    if (typeof t === 'string') out.add(t);
    else if (Array.isArray(t)) for (const x of t as readonly string[]) out.add(x);
    for (const branch of p.anyOf ?? []) add(branch);
  };
  add(property);
  out.delete('null');
  return [...out];
}

/** The `format` of a property or of its first `anyOf` branch that has one. */
export function formatOf(property: JsonSchemaProperty): string | undefined {
  if (property.format !== undefined) return property.format;
  for (const branch of property.anyOf ?? []) if (branch.format !== undefined) return branch.format;
  return undefined;
}

/** True when the property is an object with declared properties (a candidate for flattening). */
export function isFlattenableObject(property: JsonSchemaProperty): boolean {
  const types = jsonTypes(property);
  return types.length === 1 && types[0] === 'object' && property.properties !== undefined;
}
