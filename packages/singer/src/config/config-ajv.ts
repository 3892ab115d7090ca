import Ajv from 'ajv';

/**
 * The one ajv set-up of config validators, at run time and when precompiling (`source`): every error, defaults filled,
 * `"true"`/`"5432"` coerced.
 */
export function configAjv(source = false): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    useDefaults: true,
    coerceTypes: true,
    strictTypes: false,
    strictTuples: false,
    ...(source ? { code: { source: true } } : {}),
  });
  ajv.addKeyword({ keyword: 'secret', schemaType: 'boolean' });
  return ajv;
}
