/**
 * deploy/kubernetes/: every manifest against the Kubernetes OpenAPI schemas (kubernetes-models, offline), and the
 * facts a sharded load run depends on: an Indexed Job whose completions, parallelism and --shards agree, a merge
 * step that reads exactly those shards' results, a profile the load engine accepts, memory sized from the stations.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Job } from 'kubernetes-models/batch/v1/Job';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseProfile } from '../../../harness/load/profiles/compile.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIR = join(ROOT, 'deploy/kubernetes');

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };

/** The kinds deploy/kubernetes may hold, each with its schema-checked model. */
const MODELS: Record<string, (data: Manifest) => { validate(): void }> = {
  'v1/Namespace': (data) => new Namespace(data as never),
  'v1/ConfigMap': (data) => new ConfigMap(data as never),
  'v1/PersistentVolumeClaim': (data) => new PersistentVolumeClaim(data as never),
  'v1/Pod': (data) => new Pod(data as never),
  'batch/v1/Job': (data) => new Job(data as never),
};

function validateManifest(manifest: Manifest): void {
  const model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (model === undefined) throw new Error(`${manifest.kind} ${manifest.apiVersion} has no schema here (allowed: ${Object.keys(MODELS).join(', ')})`);
  model(manifest).validate();
}

function readManifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
    return doc.toJS() as Manifest;
  });
}

const manifestFiles = readdirSync(DIR).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
const all = manifestFiles.flatMap(readManifests);
const find = <T>(kind: string, name: string): T => {
  const found = all.find((m) => m.kind === kind && m.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in deploy/kubernetes`);
  return found as unknown as T;
};
const loadJob = find<IJob>('Job', 'chargedrill-load');
const mergeJob = find<IJob>('Job', 'chargedrill-merge');
const configMap = find<{ data: Record<string, string> }>('ConfigMap', 'chargedrill-load');

function flagValue(command: readonly string[], flag: string): string | undefined {
  const at = command.indexOf(flag);
  return at < 0 ? undefined : command[at + 1];
}

/** What a sharded load Job must get right; empty when it does. */
function indexedJobProblems(job: IJob): string[] {
  const spec = job.spec;
  const container = spec?.template.spec?.containers[0];
  const command = [...(container?.command ?? []), ...(container?.args ?? [])];
  const shards = Number(flagValue(command, '--shards'));
  const problems: string[] = [];
  if (spec?.completionMode !== 'Indexed') problems.push(`completionMode is ${spec?.completionMode}, not Indexed`);
  if (spec?.completions !== spec?.parallelism) problems.push(`completions ${spec?.completions} != parallelism ${spec?.parallelism}`);
  if (shards !== spec?.completions) problems.push(`--shards ${shards} != completions ${spec?.completions}`);
  if (command[0] !== 'chargedrill' || command[1] !== 'load') problems.push(`command is ${command.slice(0, 2).join(' ')}, not chargedrill load`);
  if (flagValue(command, '--profile') !== '/etc/chargedrill/profile.yaml') problems.push('--profile is not /etc/chargedrill/profile.yaml');
  if (flagValue(command, '--out') !== '/results/shard-$(JOB_COMPLETION_INDEX)') problems.push('--out is not /results/shard-$(JOB_COMPLETION_INDEX)');
  if (spec?.template.spec?.restartPolicy !== 'Never') problems.push('restartPolicy is not Never');
  return problems;
}

/** "256Mi" → bytes; only the binary suffixes the manifests use. */
function memoryBytes(quantity: string | number | undefined): number {
  const match = /^(\d+)(Ki|Mi|Gi)$/.exec(String(quantity));
  if (!match) throw new Error(`memory ${quantity} is not <n>Ki|Mi|Gi`);
  return Number(match[1]) * 1024 ** { Ki: 1, Mi: 2, Gi: 3 }[match[2] as 'Ki' | 'Mi' | 'Gi'];
}

const containersOf = (job: IJob): IContainer[] => [...(job.spec?.template.spec?.initContainers ?? []), ...(job.spec?.template.spec?.containers ?? [])];

describe('deploy/kubernetes manifests', () => {
  it('every manifest validates against the Kubernetes OpenAPI schema', () => {
    expect(manifestFiles.length).toBeGreaterThanOrEqual(6);
    for (const manifest of all) expect(() => validateManifest(manifest), `${manifest.kind} ${manifest.metadata.name}`).not.toThrow();
  });

  it('the validation bites: a broken manifest fails the schema, a wrong kind has no schema', () => {
    const broken = structuredClone(loadJob) as unknown as Manifest & { spec: { completions: unknown } };
    broken.spec.completions = 'four';
    expect(() => validateManifest(broken)).toThrow(/completions must be integer/);
    const noContainers = structuredClone(mergeJob) as unknown as Manifest & { spec: { template: { spec: Record<string, unknown> } } };
    delete noContainers.spec.template.spec.containers;
    expect(() => validateManifest(noContainers)).toThrow(/containers/);
    expect(() => validateManifest({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } })).toThrow(/no schema here/);
  });

  it('the kustomization lists every manifest but the optional results reader, and nothing else', () => {
    const kustomization = readManifests('kustomization.yaml')[0] as unknown as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual(manifestFiles.filter((file) => file !== 'results-reader.yaml').sort());
  });

  it('the load is an Indexed Job whose completions, parallelism and --shards agree', () => {
    expect(indexedJobProblems(loadJob)).toEqual([]);
    expect(loadJob.spec?.completions).toBeGreaterThan(1);
    // A retried shard would load the CSMS twice; per-index so that one failed shard leaves the others running.
    expect(loadJob.spec?.backoffLimitPerIndex).toBe(0);
  });

  it('the Indexed Job check bites', () => {
    const unequal = structuredClone(loadJob);
    unequal.spec!.parallelism = 2;
    expect(indexedJobProblems(unequal)).toEqual(['completions 4 != parallelism 2']);
    const notIndexed = structuredClone(loadJob);
    delete notIndexed.spec!.completionMode;
    notIndexed.spec!.template.spec!.containers[0]!.command = ['chargedrill', 'load', '--shards', '3'];
    expect(indexedJobProblems(notIndexed)).toEqual([
      'completionMode is undefined, not Indexed',
      '--shards 3 != completions 4',
      '--profile is not /etc/chargedrill/profile.yaml',
      '--out is not /results/shard-$(JOB_COMPLETION_INDEX)',
    ]);
  });

  it('the merge reads exactly the result of each shard, once they are all written', () => {
    const shards = loadJob.spec?.completions as number;
    const merge = mergeJob.spec?.template.spec?.containers[0]?.command ?? [];
    const expected = Array.from({ length: shards }, (_, i) => `/results/shard-${i}/result.json`);
    expect(merge).toEqual(['chargedrill', 'merge', ...expected, '--out', '/results/merged']);
    const wait = mergeJob.spec?.template.spec?.initContainers?.[0];
    expect(wait?.env?.find((e) => e.name === 'SHARDS')?.value).toBe(String(shards));
    expect(wait?.command?.join(' ')).toContain('/volume/$RUN_NAME/shard-$i/result.json');
  });

  it('shards and merge share one ReadWriteMany volume, at the same per-run directory', () => {
    const pvc = find<{ metadata: { name: string }; spec: { accessModes: string[] } }>('PersistentVolumeClaim', 'chargedrill-results');
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
    for (const job of [loadJob, mergeJob]) {
      const volume = job.spec?.template.spec?.volumes?.find((v) => v.name === 'results');
      expect(volume?.persistentVolumeClaim?.claimName, job.metadata?.name).toBe(pvc.metadata.name);
      // The main containers see only the run's directory; the init containers the volume's root, to make it or wait in it.
      for (const container of job.spec?.template.spec?.containers ?? []) {
        const mount = container.volumeMounts?.find((m) => m.name === 'results');
        expect(mount, `${container.name} mounts the results`).toMatchObject({ mountPath: '/results', subPathExpr: '$(RUN_NAME)' });
      }
      for (const container of job.spec?.template.spec?.initContainers ?? []) {
        expect(container.volumeMounts?.find((m) => m.name === 'results'), container.name).toEqual(expect.objectContaining({ mountPath: '/volume' }));
        expect(container.command?.join(' '), container.name).toContain('/volume/$RUN_NAME');
      }
      for (const container of containersOf(job)) {
        expect(container.env?.find((e) => e.name === 'RUN_NAME')?.valueFrom?.configMapKeyRef, container.name).toEqual({ name: 'chargedrill-load', key: 'run' });
      }
    }
    expect(configMap.data.run).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(loadJob.spec?.template.spec?.initContainers?.[0]?.command).toEqual(['/bin/sh', '-c', 'mkdir -p "/volume/$RUN_NAME"']);
  });

  it('every container requests CPU and memory, runs as non-root and cannot escalate', () => {
    for (const job of [loadJob, mergeJob]) {
      expect(job.spec?.template.spec?.securityContext?.runAsNonRoot, job.metadata?.name).toBe(true);
      for (const container of containersOf(job)) {
        expect(String(container.resources?.requests?.cpu), container.name).toMatch(/^\d+(\.\d+)?m?$/);
        expect(memoryBytes(container.resources?.requests?.memory), container.name).toBeGreaterThan(0);
        expect(memoryBytes(container.resources?.limits?.memory)).toBeGreaterThanOrEqual(memoryBytes(container.resources?.requests?.memory));
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      }
    }
  });

  it("a shard's memory request covers its stations: process baseline plus resident memory per station", () => {
    // docs/kubernetes.md: 140 MiB RSS with 10 stations; 1,000 stations add 30 MiB (31 KiB each, against 11 KiB of
    // heap after a full GC in docs/performance.md §2).
    const container = loadJob.spec?.template.spec?.containers[0];
    const command = container?.command ?? [];
    const perShard = Math.ceil(Number(flagValue(command, '--stations')) / Number(flagValue(command, '--shards')));
    expect(perShard).toBeGreaterThan(0);
    const needed = 140 * 1024 ** 2 + perShard * 31 * 1024;
    expect(memoryBytes(container?.resources?.requests?.memory)).toBeGreaterThanOrEqual(needed);
  });

  it("the ConfigMap's profile is the shipped busy-evening profile and the load engine accepts it", () => {
    const text = configMap.data['profile.yaml'] as string;
    expect(text).toBe(readFileSync(join(ROOT, 'profiles/busy-evening.yaml'), 'utf8'));
    const parsed = parseProfile(text, 'profile-configmap.yaml#profile.yaml');
    expect(parsed.ok && parsed.profile.name).toBe('busy-evening');
    const mounted = loadJob.spec?.template.spec?.volumes?.find((v) => v.name === 'profile')?.configMap;
    expect(mounted).toEqual({ name: 'chargedrill-load', items: [{ key: 'profile.yaml', path: 'profile.yaml' }] });
  });

  it('the profile check bites: a stage the schema refuses is reported', () => {
    const text = (configMap.data['profile.yaml'] as string).replace('hold: 10m', 'hold: ten minutes');
    const parsed = parseProfile(text, 'profile.yaml');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.path)).toContain('/stages/2/hold');
  });
});
