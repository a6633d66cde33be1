/**
 * Docker token-auth scopes (`repository:app:pull,push`, `registry:catalog:*`) and how ACR decides them from a
 * token's scope-map actions (`repositories/app/content/read`, `repositories/*\/metadata/read`, …). Pure.
 */

/** One resource and the actions asked for or granted on it, as in a JWT `access` claim. */
export interface Access {
  type: string;
  name: string;
  actions: string[];
}

/** Parses `type:name:actions`; names may contain `:` only for a port-qualified registry, which ACR never uses. */
export function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last <= first) return undefined;
  const actions = scope
    .slice(last + 1)
    .split(',')
    .filter(Boolean);
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions };
}

export function formatScope(access: Access): string {
  return `${access.type}:${access.name}:${access.actions.join(',')}`;
}

/** The scope-map action each registry action needs (ACR's repository permissions). */
const SCOPE_MAP_ACTION: Record<string, string> = {
  pull: 'content/read',
  push: 'content/write',
  delete: 'content/delete',
  metadata_read: 'metadata/read',
  metadata_write: 'metadata/write',
};

/** True when a scope-map repository pattern (`app`, `*`, `team/*`) covers `repository`. */
function repositoryPatternMatches(pattern: string, repository: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('/*')) return repository.startsWith(pattern.slice(0, -1));
  return pattern === repository;
}

/** Whether `scopeMapActions` (e.g. `repositories/app/content/read`) allow `action` on `repository`. */
function allows(scopeMapActions: string[], repository: string, action: string): boolean {
  const wanted = SCOPE_MAP_ACTION[action];
  if (!wanted) return false;
  return scopeMapActions.some((entry) => {
    const match = /^repositories\/(.+)\/([a-z]+\/[a-z]+)$/.exec(entry);
    return !!match && match[2] === wanted && repositoryPatternMatches(match[1] as string, repository);
  });
}

/**
 * What an identity with `scopeMapActions` is granted of `requested`: the allowed subset of actions
 * (`*` expands to every action), as ACR's token endpoint does; resources with nothing granted are dropped.
 * The catalog is granted only to maps over every repository (`repositories/*\/…`).
 */
export function grant(scopeMapActions: string[] | 'all', requested: Access[]): Access[] {
  const granted: Access[] = [];
  for (const access of requested) {
    if (scopeMapActions === 'all') {
      granted.push(access);
      continue;
    }
    if (access.type === 'registry' && access.name === 'catalog') {
      if (scopeMapActions.some((a) => a.startsWith('repositories/*/'))) granted.push(access);
      continue;
    }
    if (access.type !== 'repository') continue;
    const asked = access.actions.includes('*') ? Object.keys(SCOPE_MAP_ACTION) : access.actions;
    const actions = asked.filter((action) => allows(scopeMapActions, access.name, action));
    if (actions.length > 0) granted.push({ ...access, actions });
  }
  return granted;
}

/** True when `granted` covers `required` (a `*` grant covers every action). */
export function covers(granted: Access[], required: Access): boolean {
  return required.actions.every((action) =>
    granted.some(
      (g) =>
        g.type === required.type && g.name === required.name && (g.actions.includes(action) || g.actions.includes('*')),
    ),
  );
}
