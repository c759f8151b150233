// Slow suite: the newest version of each built-in template, for each `ci` choice, and the
// objects it hands to other systems: the Backstage catalog entity and the Kubernetes objects,
// checked with those projects' own validators.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KubernetesValidatorFunctions,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  parseEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import {
  effectiveImages,
  imageTag,
  readObjects,
  validateObject,
  type K8sObject,
} from '../helpers/k8s-validate.js';
import { newestBuiltins, newestRenders, renderService } from '../helpers/newest-render.js';
import { ROOT } from '../helpers/run-bin.js';

const MINUTE = 60_000;
/** What the catalog processor enforces before any kind-specific validator. */
const policies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
/** Backstage's kind validators for the kinds a render may declare. */
const KIND_VALIDATORS: Record<string, { check(data: unknown): Promise<boolean> }> = {
  Component: componentEntityV1alpha1Validator,
  API: apiEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator,
};
/** Owner values on both sides of what Backstage accepts, to probe the manifest's pattern. */
const OWNER_PROBES = [
  'team-a',
  'group:team-a',
  'group:default/team-a',
  'user:default/jane.doe',
  'default/team-a',
  'group:',
  'group:default/',
  'a:b:c',
  'a/b/c',
  'team_a',
  'team..a',
  '-team',
  'team-',
  'x'.repeat(64),
];
/**
 * Every built-in at its newest version scales with an HPA; the worker's in-process jobs run
 * per replica by design (docs/decisions.md, template 1.3.0).
 */
const REQUIRED_KINDS = [
  'Deployment',
  'PodDisruptionBudget',
  'NetworkPolicy',
  'ServiceAccount',
  'HorizontalPodAutoscaler',
];

describe('the Kubernetes validation the suite runs', () => {
  it('reports a schema violation and a kind it has no model for', async () => {
    const bad = { file: 'x.yaml', apiVersion: 'apps/v1', kind: 'Deployment' };
    const invalid = await validateObject({
      ...bad,
      metadata: { name: 'x' },
      spec: { replicas: 'two' },
    });
    expect(invalid.join('\n')).toMatch(/x\.yaml: Deployment x: .*replicas/s);
    const unknown = await validateObject({ ...bad, apiVersion: 'example.com/v1', kind: 'Widget' });
    expect(unknown).toEqual(['x.yaml: Widget (no name): no model for example.com/v1 Widget']);
  });

  it('reports an HPA and a PodDisruptionBudget that disagree with the Deployment', () => {
    const pod = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x' }] } };
    const objects = [
      { kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 1, template: pod } },
      {
        kind: 'HorizontalPodAutoscaler',
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'y' },
          minReplicas: 1,
          maxReplicas: 3,
          metrics: [{ type: 'Resource', resource: { name: 'cpu' } }],
        },
      },
      {
        kind: 'PodDisruptionBudget',
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'z' } } },
      },
    ].map((o) => ({ file: 'x.yaml', apiVersion: 'v1', ...o }));
    expect(scalingProblems(objects)).toEqual([
      'the HPA scales Deployment/y, not the Deployment',
      'the Deployment sets replicas',
      'replicas 1 to 3',
      'no CPU target, or a container without a CPU request',
      'the PDB blocks drains at 1 replicas',
      'the PDB selects other pods',
    ]);
  });
});

describe.each(newestRenders())('catalog and Kubernetes objects of $id@$version, ci=$ci', (t) => {
  let dir = '';
  let objects: K8sObject[] = [];
  beforeAll(async () => {
    dir = await renderService(t, { install: false });
    objects = await readObjects(path.join(dir, 'deploy'));
  }, 2 * MINUTE);

  it('has a catalog-info.yaml that Backstage accepts, with owner entity refs', async () => {
    const text = await readFile(path.join(dir, 'catalog-info.yaml'), 'utf8');
    const entities = parseAllDocuments(text).map((doc) => doc.toJS() as Entity);
    expect(entities.map((e) => e.kind)).toContain('Component');
    for (const entity of entities) {
      const where = `${entity.kind} ${entity.metadata.name}`;
      const enforced = await policies.enforce(entity);
      expect(enforced?.metadata.namespace, where).toBe('default');
      const validator = KIND_VALIDATORS[entity.kind];
      expect(validator, `${where}: a kind the suite does not know`).toBeDefined();
      expect(await validator?.check(entity), where).toBe(true);
      const owner = entity.spec?.owner;
      expect(typeof owner, `${where}: spec.owner`).toBe('string');
      expect(ownerRefProblem(owner as string), where).toBeUndefined();
    }
  });

  it('has Kubernetes objects that each validate against their API schema', async () => {
    const workload = objects.filter((o) => o.kind !== 'Kustomization');
    expect(workload.length).toBeGreaterThan(1);
    const problems = (await Promise.all(workload.map(validateObject))).flat();
    expect(problems).toEqual([]);
  });

  it('has a PodDisruptionBudget, a NetworkPolicy, a ServiceAccount and an HPA', () => {
    const kinds = new Set(objects.map((o) => o.kind));
    expect(REQUIRED_KINDS.filter((kind) => !kinds.has(kind))).toEqual([]);
  });

  it('scales the Deployment with an HPA that its PodDisruptionBudget lets drain', () => {
    expect(scalingProblems(objects)).toEqual([]);
  });

  it('lists every deploy file in the kustomization, and no missing one', async () => {
    const kustomization = objects.find((o) => o.kind === 'Kustomization');
    const resources = (kustomization?.resources as string[] | undefined) ?? [];
    const files = (await readdir(path.join(dir, 'deploy'))).filter(
      (f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml',
    );
    expect([...resources].sort()).toEqual(files.sort());
  });

  it('runs no container image as :latest, after kustomize images: is applied', () => {
    const images = effectiveImages(objects);
    expect(images.length).toBeGreaterThan(0);
    expect(images.filter((image) => imageTag(image) === 'latest')).toEqual([]);
  });
});

describe.each(newestBuiltins())('the owner parameter of $id@$version', ({ id, version }) => {
  it('accepts only values that Backstage parses as an entity ref', async () => {
    const manifest = parseYaml(
      await readFile(path.join(ROOT, 'templates', id, version, 'template.yaml'), 'utf8'),
    ) as { parameters: { name: string; pattern?: string }[] };
    const pattern = manifest.parameters.find((p) => p.name === 'owner')?.pattern;
    expect(pattern).toBeDefined();
    const accepted = OWNER_PROBES.filter((value) => new RegExp(pattern ?? '').test(value));
    expect(accepted).toContain('team-a');
    const wrong = accepted.flatMap((value) => {
      const problem = ownerRefProblem(value);
      return problem ? [`${value}: ${problem}`] : [];
    });
    expect(wrong).toEqual([]);
  });
});

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * What makes the HPA, the PDB and the Deployment disagree: an HPA aimed at another object, a
 * replica count the HPA would fight, a CPU target without a CPU request, or a PDB that blocks
 * every drain at the HPA's minimum or selects other pods.
 */
function scalingProblems(objects: K8sObject[]): string[] {
  const find = (kind: string) => objects.find((o) => o.kind === kind);
  const specOf = (kind: string): Spec | undefined => find(kind)?.spec;
  const [deployment, hpa, pdb] = [
    'Deployment',
    'HorizontalPodAutoscaler',
    'PodDisruptionBudget',
  ].map(specOf);
  if (!deployment || !hpa || !pdb) return ['a Deployment, an HPA and a PDB are all needed'];
  const problems: string[] = [];
  const target = hpa.scaleTargetRef as Spec;
  if (target.kind !== 'Deployment' || target.name !== find('Deployment')?.metadata?.name)
    problems.push(`the HPA scales ${target.kind}/${target.name}, not the Deployment`);
  if (deployment.replicas !== undefined) problems.push('the Deployment sets replicas');
  const min = (hpa.minReplicas as number | undefined) ?? 1;
  if (min < 2 || hpa.maxReplicas < min) problems.push(`replicas ${min} to ${hpa.maxReplicas}`);
  const cpu = (hpa.metrics as Spec[]).some((m) => m.resource?.name === 'cpu');
  const requests = (deployment.template.spec.containers as Spec[]).every(
    (c) => c.resources?.requests?.cpu,
  );
  if (!cpu || !requests) problems.push('no CPU target, or a container without a CPU request');
  const canDrain =
    pdb.maxUnavailable !== undefined ? pdb.maxUnavailable >= 1 : min - pdb.minAvailable >= 1;
  if (!canDrain) problems.push(`the PDB blocks drains at ${min} replicas`);
  const labels = deployment.template.metadata.labels as Record<string, string>;
  const selector = Object.entries(pdb.selector.matchLabels as Record<string, string>);
  if (!selector.every(([k, v]) => labels[k] === v)) problems.push('the PDB selects other pods');
  return problems;
}

/** Why Backstage would not resolve `owner` as a Group/User ref, or undefined when it would. */
function ownerRefProblem(owner: string): string | undefined {
  try {
    const ref = parseEntityRef(owner, { defaultKind: 'Group', defaultNamespace: 'default' });
    if (!KubernetesValidatorFunctions.isValidObjectName(ref.name)) return `bad name ${ref.name}`;
    if (!KubernetesValidatorFunctions.isValidNamespace(ref.namespace))
      return `bad namespace ${ref.namespace}`;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
