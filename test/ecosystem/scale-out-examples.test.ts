import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensurePythonVenv, writeJsonTemp } from '@pgsinger/testkit';
import { parseAllDocuments, stringify } from 'yaml';

// examples/scale-out must stay true: the Kubernetes manifest validates against the Kubernetes API schemas and says
// what the docs say; the Airflow DAG imports in Airflow with the plan → mapped partitions → merge shape; every
// embedded script is valid bash. (The Slurm scripts run for real in test/e2e/scale-out-slurm.test.ts.)

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples', 'scale-out');
const MANIFEST = path.join(EXAMPLES, 'kubernetes', 'partitioned-copy.yaml');
/** The Airflow the DAG is checked with (pinned, in a cached virtualenv). */
const AIRFLOW_REQUIREMENTS = ['apache-airflow==3.3.2'] as const;

interface Doc {
  kind: string;
  metadata: { name: string; labels: Record<string, string> };
  spec?: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    template: { spec: { containers: { args: string[]; env?: unknown }[] } };
  };
}

// kubernetes-models is ESM only: validate in a child node process (its classes check a document against the schema
// of its kind and API version, as kubeconform does).
const VALIDATE = `
import { readFileSync, writeFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Secret } from 'kubernetes-models/v1/Secret';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
const models = { 'batch/v1 Job': Job, 'v1 Secret': Secret, 'v1 PersistentVolumeClaim': PersistentVolumeClaim };
const results = parseAllDocuments(readFileSync(process.argv[1], 'utf8')).map((document) => {
  const doc = document.toJS();
  const Model = models[doc.apiVersion + ' ' + doc.kind];
  if (Model === undefined) return doc.kind + ': no model for ' + doc.apiVersion;
  try { new Model(doc).validate(); return 'valid ' + doc.kind + ' ' + doc.metadata.name; }
  catch (error) { return doc.kind + ' ' + doc.metadata.name + ': ' + error.message; }
});
console.log(JSON.stringify(results));`;

async function validateManifest(file: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', VALIDATE, file], { cwd: ROOT });
  return JSON.parse(stdout) as string[];
}

async function bashSyntax(script: string): Promise<void> {
  await run('bash', ['-n', '-c', script]);
}

describe('examples/scale-out/kubernetes', () => {
  const docs = parseAllDocuments(readFileSync(MANIFEST, 'utf8')).map((doc) => doc.toJS() as Doc);
  const job = (name: string): Doc => docs.find((doc) => doc.metadata.name === name) as Doc;

  it('validates against the Kubernetes schemas, and a broken copy does not', async () => {
    expect(await validateManifest(MANIFEST)).toEqual([
      'valid Secret pgsinger-config',
      'valid PersistentVolumeClaim pgsinger-state',
      'valid Job pgsinger-plan',
      'valid Job pgsinger-partitions',
      'valid Job pgsinger-merge',
    ]);
    const broken = docs.map((doc) =>
      doc.metadata.name === 'pgsinger-partitions' ? { ...doc, spec: { ...doc.spec, completionMode: 'Indexd' } } : doc,
    );
    const file = writeJsonTemp({}, 'manifest');
    writeFileSync(file, broken.map((doc) => stringify(doc)).join('---\n'));
    expect((await validateManifest(file))[3]).toMatch(
      /^Job pgsinger-partitions: .*completionMode must be equal to one of/,
    );
  });

  it('plans, runs and merges the same number of partitions; each pod takes JOB_COMPLETION_INDEX', async () => {
    const partitions = job('pgsinger-partitions').spec;
    expect(partitions).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4 });
    const script = (name: string): string => job(name).spec?.template.spec.containers[0].args[0] ?? '';
    expect(script('pgsinger-plan')).toMatch(/--plan-partitions 4 /);
    expect(script('pgsinger-partitions')).toMatch(/state-\$\{JOB_COMPLETION_INDEX\}\.jsonl/);
    expect(script('pgsinger-partitions')).not.toMatch(/--partition /);
    expect(script('pgsinger-merge')).toContain([0, 1, 2, 3].map((i) => `/state/state-${i}.jsonl`).join(' '));
    for (const name of ['pgsinger-plan', 'pgsinger-partitions', 'pgsinger-merge']) await bashSyntax(script(name));
    for (const doc of docs)
      expect(doc.metadata.labels['app.kubernetes.io/component']).toMatch(/^(setup|plan|partitions|merge)$/);
  });
});

describe('examples/scale-out/airflow', () => {
  it('imports in Airflow as plan → partition mapped over every index → merge, with valid bash', async () => {
    const venv = await ensurePythonVenv({ name: 'airflow', requirements: AIRFLOW_REQUIREMENTS });
    const check = `
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
dag = bag.dags.get("pgsinger_partitioned_copy")
tasks = {} if dag is None else {t.task_id: {"type": type(t).__name__, "upstream": sorted(t.upstream_task_ids)} for t in dag.tasks}
mapped = None if dag is None else dag.get_task("partition").expand_input.value
scripts = {} if dag is None else {t.task_id: t.partial_kwargs.get("bash_command") if t.task_id == "partition" else t.bash_command for t in dag.tasks}
print(json.dumps({"errors": {str(k): str(v) for k, v in bag.import_errors.items()}, "tasks": tasks, "mapped": mapped, "scripts": scripts}))`;
    const home = path.dirname(writeJsonTemp({}, 'airflow-home'));
    const { stdout } = await run(venv.python, ['-c', check, path.join(EXAMPLES, 'airflow')], {
      env: { ...process.env, AIRFLOW_HOME: home, PGSINGER_PARTITIONS: '3', PGSINGER_DIR: '/shared/x' },
      maxBuffer: 16 << 20,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      errors: Record<string, string>;
      tasks: Record<string, { type: string; upstream: string[] }>;
      mapped: { env: Record<string, string>[] };
      scripts: Record<string, string>;
    };
    expect(result.errors).toEqual({});
    expect(result.tasks).toEqual({
      plan: { type: 'BashOperator', upstream: [] },
      partition: { type: 'MappedOperator', upstream: ['plan'] },
      merge: { type: 'BashOperator', upstream: ['partition'] },
    });
    expect(result.mapped.env).toEqual([0, 1, 2].map((i) => ({ TAP_POSTGRES_PARTITION: String(i) })));
    expect(result.scripts.plan).toMatch(/--plan-partitions 3 /);
    expect(result.scripts.merge).toContain('--merge-states state-0.jsonl state-1.jsonl state-2.jsonl >');
    for (const script of Object.values(result.scripts)) await bashSyntax(script);
  }, 900_000);
});

describe('examples/scale-out/slurm', () => {
  it('is valid bash, and the steps pass the plan and state files the docs name', async () => {
    for (const name of ['plan.sh', 'partition.sh', 'merge.sh', 'submit.sh'])
      await run('bash', ['-n', path.join(EXAMPLES, 'slurm', name)]);
    const submit = readFileSync(path.join(EXAMPLES, 'slurm', 'submit.sh'), 'utf8');
    expect(submit).toMatch(/--array="0-\$\(\(partitions - 1\)\)"/);
    expect(submit.match(/--kill-on-invalid-dep=yes/g)).toHaveLength(2);
  });
});
