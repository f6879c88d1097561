/** deploy/k6/testrun.yaml: a k6-operator TestRun (no schema ships for its CRD here: the fields it relies on). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import { PodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { K6_SCRIPTS } from '../../../scripts/build-k6.js';

interface TestRun {
  apiVersion: string;
  kind: string;
  spec: { parallelism: number; script: { configMap: { name: string; file: string } }; arguments: string; runner: { image: string; resources: object; securityContext: object } };
}

const testRun = parse(readFileSync(fileURLToPath(new URL('../../../deploy/k6/testrun.yaml', import.meta.url)), 'utf8')) as TestRun;

describe('the k6-operator TestRun', () => {
  it('runs a bundled station script from a ConfigMap on several runners', () => {
    expect([testRun.apiVersion, testRun.kind]).toEqual(['k6.io/v1alpha1', 'TestRun']);
    expect(testRun.spec.parallelism).toBeGreaterThan(1);
    expect(K6_SCRIPTS.map((s) => `${s}.js`)).toContain(testRun.spec.script.configMap.file);
    expect(testRun.spec.arguments).toMatch(/-e CSMS_URL=wss?:\/\/\S+\/ocpp(\s|$)/);
    expect(testRun.spec.arguments).toMatch(/-e STATIONS=\d+/);
  });

  it("the runner's resources and security context are valid Kubernetes objects", () => {
    expect(() => new ResourceRequirements(testRun.spec.runner.resources as never).validate()).not.toThrow();
    expect(() => new PodSecurityContext(testRun.spec.runner.securityContext as never).validate()).not.toThrow();
    expect(() => new ResourceRequirements({ requests: { memory: ['512Mi'] } } as never).validate()).toThrow();
  });
});
