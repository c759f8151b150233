import { describe, expect, it } from 'vitest';
import { DirCatalog } from '../../src/catalog/dir-catalog.js';
import { openCatalog, recordedCatalog } from '../../src/catalog/open-catalogs.js';
import {
  parseTemplateRef,
  pickVersion,
  resolveTemplate,
  sortVersions,
} from '../../src/catalog/resolve-template.js';
import { catalogDir } from '../helpers/catalog.js';

describe('template refs and versions', () => {
  it('parses id and id@range', () => {
    expect(parseTemplateRef('node-http-service')).toEqual({ id: 'node-http-service' });
    expect(parseTemplateRef('svc@^1.1')).toEqual({ id: 'svc', range: '^1.1' });
    expect(() => parseTemplateRef('Svc')).toThrow(/not a template id/);
    expect(() => parseTemplateRef('svc@banana')).toThrow(/not a semver version or range/);
  });

  it('picks the highest matching version, ignoring pre-releases unless asked', () => {
    const versions = ['1.0.0', '1.10.0', '1.2.0', '2.0.0-beta.1', '2.0.0'];
    expect(sortVersions(versions)[0]).toBe('2.0.0');
    expect(pickVersion(versions)).toBe('2.0.0');
    expect(pickVersion(versions, '^1')).toBe('1.10.0');
    expect(pickVersion(versions, '1.2.0')).toBe('1.2.0');
    expect(pickVersion(versions, '^3')).toBeUndefined();
    expect(pickVersion([], '^1')).toBeUndefined();
  });
});

describe('resolving templates across catalogs', () => {
  it('takes the first catalog that has a matching version', async () => {
    const first = await catalogDir({ svc: { '1.0.0': {} } });
    const second = await catalogDir({ svc: { '1.0.0': {}, '2.0.0': {} }, other: { '0.1.0': {} } });
    const catalogs = [new DirCatalog(first, 'first'), new DirCatalog(second, 'second')];
    expect((await resolveTemplate(catalogs, { id: 'svc' })).dir).toContain(first);
    const v2 = await resolveTemplate(catalogs, { id: 'svc', range: '^2' });
    expect(v2.dir).toContain(second);
    expect(v2.manifest.version).toBe('2.0.0');
  });

  it('names what exists when the id or the version is unknown', async () => {
    const root = await catalogDir({ svc: { '1.0.0': {}, '1.1.0': {} } });
    const catalogs = [new DirCatalog(root, 'dir')];
    await expect(resolveTemplate(catalogs, { id: 'nope' })).rejects.toThrow(
      /Unknown template "nope"/,
    );
    await expect(resolveTemplate(catalogs, { id: 'svc', range: '^2' })).rejects.toMatchObject({
      message: 'No version of svc matches "^2"',
      hint: 'Released versions: 1.1.0, 1.0.0.',
    });
  });

  it('refuses a version folder whose manifest declares another version', async () => {
    const root = await catalogDir({ svc: { '1.0.0': { manifest: { version: '1.0.1' } } } });
    await expect(new DirCatalog(root, 'dir').open('svc', '1.0.0')).rejects.toThrow(
      /declares svc@1\.0\.1/,
    );
  });

  it('records folder catalogs relative to the service, never absolute', async () => {
    const root = await catalogDir({ svc: { '1.0.0': {} } });
    const catalog = openCatalog({ source: root, baseDir: '/' }, {});
    const source = await catalog.open('svc', '1.0.0');
    expect(recordedCatalog(source, `${root}/services/a`)).toBe('../..');
    expect(() => openCatalog({ source: './missing', baseDir: root }, {})).toThrow(/does not exist/);
    expect(() => openCatalog({ source: 'https://x', baseDir: root }, {})).toThrow(/git\+<url>/);
  });
});
