/**
 * Bundles the k6 station scripts (deploy/k6/ocpp16.ts, ocpp201.ts) into plain ES modules k6 runs, with a load
 * profile baked in (scripts/k6-plan.ts); `k6` and `k6/*` stay imports, for k6 to resolve.
 *
 *   npm run build:k6 [-- --profile busy-evening] [--out dist/k6]
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { K6Plan } from '../deploy/k6/lib/plan.js';
import { loadProfile } from '../harness/load/profiles/builtin.js';
import { planFromProfile } from './k6-plan.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const K6_SCRIPTS = ['ocpp16', 'ocpp201'] as const;

export interface K6Build {
  files: string[];
  plan: K6Plan;
}

/** `profile` is a built-in name or a path, as `chargedrill load --profile` takes it. */
export async function buildK6(options: { outDir: string; profile?: string }): Promise<K6Build> {
  const plan = planFromProfile(await loadProfile(options.profile ?? 'busy-evening'));
  const result = await build({
    entryPoints: Object.fromEntries(K6_SCRIPTS.map((name) => [name, join(ROOT, 'deploy/k6', `${name}.ts`)])),
    outdir: options.outDir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    external: ['k6', 'k6/*'],
    define: { CHARGEDRILL_K6_PLAN: JSON.stringify(plan) },
    banner: { js: `// Bundled by scripts/build-k6.ts from deploy/k6 with the load profile "${plan.profile}". Do not edit.` },
    metafile: true,
    logLevel: 'silent',
  });
  return { files: Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.js')), plan };
}

async function main(args: string[]): Promise<void> {
  const flag = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at < 0 ? undefined : args[at + 1];
  };
  const { files, plan } = await buildK6({ outDir: flag('--out') ?? join(ROOT, 'dist/k6'), profile: flag('--profile') });
  console.log(`k6 scripts for profile ${plan.profile} (${plan.stations} stations, time scale ${plan.timeScale}):\n  ${files.join('\n  ')}`);
  if (plan.untranslated.length > 0) console.log(`thresholds k6 cannot express, left out: ${plan.untranslated.join(', ')}`);
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
