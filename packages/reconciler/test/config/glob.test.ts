import { describe, expect, it } from 'vitest';
import { globToRegExp, selectRepositories } from '../../src/repositories/index.js';

describe('globToRegExp', () => {
  it.each([
    ['app/*', 'app/web', true],
    ['app/*', 'app/web/v2', false],
    ['app/**', 'app/web/v2', true],
    ['app/**', 'app', false],
    ['**', 'anything/at/all', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/x/y/c', false],
    ['web-?', 'web-1', true],
    ['web-?', 'web-10', false],
    ['team.a/*', 'teamXa/web', false],
    ['team.a/*', 'team.a/web', true],
    ['*', 'nginx', true],
    ['*', 'library/nginx', false],
  ])('%s ~ %s → %s', (glob, name, expected) => {
    expect(globToRegExp(glob).test(name)).toBe(expected);
  });
});

describe('selectRepositories', () => {
  const catalog = ['app/api', 'app/web', 'app/web/canary', 'infra/db', 'tools'];
  it('expands include globs minus excludes, sorted', () => {
    expect(selectRepositories({ include: ['app/**', 'tools'], exclude: ['app/web/*'] }, catalog)).toEqual([
      'app/api',
      'app/web',
      'tools',
    ]);
  });
  it('keeps literal names that are not in the catalog yet', () => {
    expect(selectRepositories({ include: ['new/repo', 'app/*'], exclude: [] }, catalog)).toEqual([
      'app/api',
      'app/web',
      'new/repo',
    ]);
  });
  it('a glob matching nothing selects nothing', () => {
    expect(selectRepositories({ include: ['nope/*'], exclude: [] }, catalog)).toEqual([]);
  });
});
