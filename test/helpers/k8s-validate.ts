import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One YAML document of a deploy folder. */
export interface K8sObject {
  file: string;
  apiVersion: string;
  kind: string;
  metadata?: { name?: string };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

interface Model {
  validate(): void;
}

/** Every YAML document under `dir` (recursively), with the file it came from. */
export async function readObjects(dir: string): Promise<K8sObject[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
  const objects: K8sObject[] = [];
  for (const file of files)
    for (const doc of parseAllDocuments(await readFile(path.join(dir, file), 'utf8'))) {
      const value = doc.toJS() as Omit<K8sObject, 'file'> | null;
      if (value) objects.push({ ...value, file } as K8sObject);
    }
  return objects;
}

/**
 * Validates one object against its kubernetes-models class (the API's OpenAPI schema), found
 * by apiVersion and kind; External Secrets kinds come from @kubernetes-models/external-secrets.
 * Returns the problems, empty when valid.
 */
export async function validateObject(object: K8sObject): Promise<string[]> {
  const { file, ...data } = object;
  const where = `${file}: ${object.kind} ${object.metadata?.name ?? '(no name)'}`;
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  const models = group?.endsWith('external-secrets.io')
    ? '@kubernetes-models/external-secrets'
    : 'kubernetes-models';
  let Class: new (data: unknown) => Model;
  try {
    const module = (await import(`${models}/${object.apiVersion}/${object.kind}`)) as Record<
      string,
      new (data: unknown) => Model
    >;
    const found = module[object.kind];
    if (!found) throw new Error('no class');
    Class = found;
  } catch {
    return [`${where}: no model for ${object.apiVersion} ${object.kind}`];
  }
  try {
    new Class(data).validate();
    return [];
  } catch (error) {
    return [`${where}: ${error instanceof Error ? error.message : String(error)}`];
  }
}

interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/**
 * The image each container of the workload objects runs once kustomize's `images:` is
 * applied, as `kubectl kustomize` would print it.
 */
export function effectiveImages(objects: K8sObject[]): string[] {
  const overrides = objects
    .filter((o) => o.kind === 'Kustomization')
    .flatMap((o) => (o.images as ImageOverride[] | undefined) ?? []);
  return objects.flatMap((o) => podImages(o)).map((image) => applyOverride(image, overrides));
}

function podImages(object: K8sObject): string[] {
  const template = (object.spec?.template ?? object.spec?.jobTemplate) as
    | { spec?: { containers?: { image: string }[]; initContainers?: { image: string }[] } }
    | undefined;
  const pod = template?.spec;
  return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])].map((c) => c.image);
}

function applyOverride(image: string, overrides: ImageOverride[]): string {
  const at = image.indexOf('@');
  const colon = image.lastIndexOf(':');
  const nameEnd = at >= 0 ? at : colon > image.lastIndexOf('/') ? colon : image.length;
  const name = image.slice(0, nameEnd);
  const rest = image.slice(nameEnd);
  const override = overrides.find((o) => o.name === name);
  if (!override) return image;
  const suffix = override.digest
    ? `@${override.digest}`
    : override.newTag
      ? `:${override.newTag}`
      : rest;
  return `${override.newName ?? name}${suffix}`;
}

/** The tag an image reference pulls: `latest` when it names none and has no digest. */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : 'latest';
}
