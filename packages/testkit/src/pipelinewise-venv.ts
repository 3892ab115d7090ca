import { ensurePythonVenv } from './python-venv';
import type { PythonVenv } from './python-venv';

/**
 * The pipelinewise programs the drop-in claim is checked against (tests) and measured beside (bench), pinned with
 * every dependency as pip resolved them (so a new release of one cannot change what we see). pipelinewise-tap-postgres
 * declares Python < 3.10 but runs on 3.11, the only Python of Debian 12: the virtualenv is made with
 * `--ignore-requires-python`.
 */
export const PIPELINEWISE_REQUIREMENTS = [
  'pipelinewise-tap-postgres==2.1.0',
  'pipelinewise-target-postgres==2.1.2',
  'pipelinewise-singer-python==1.3.0',
  'psycopg2-binary==2.9.5',
  'attrs==26.1.0',
  'backoff==1.10.0',
  'ciso8601==2.4.1',
  'inflection==0.3.1',
  'joblib==1.2.0',
  'jsonschema==3.2.0',
  'pyrsistent==0.20.0',
  'python-dateutil==4.0.0',
  'pytz==2020.5',
  'simplejson==3.17.2',
  'six==1.17.0',
  'strict-rfc3339==0.7',
  'tzdata==2026.6',
] as const;

/** The virtualenv holding pipelinewise's tap-postgres and target-postgres (created once, then reused). */
export function pipelinewiseVenv(): Promise<PythonVenv> {
  return ensurePythonVenv({
    name: 'pipelinewise',
    requirements: PIPELINEWISE_REQUIREMENTS,
    ignoreRequiresPython: true,
  });
}
