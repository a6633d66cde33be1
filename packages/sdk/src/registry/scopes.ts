/** Token scopes in the Docker/OCI token-auth grammar, e.g. `repository:app:pull`, `registry:catalog:*`. */
export const Scopes = {
  pull: (repository: string) => `repository:${repository}:pull`,
  /** ACR's metadata action: needed by `/acr/v1/<repo>/_tags`. */
  metadataRead: (repository: string) => `repository:${repository}:metadata_read`,
  catalog: 'registry:catalog:*',
} as const;

/** A stable cache key for a set of scopes (order-insensitive). */
export function scopeKey(scopes: readonly string[]): string {
  return [...new Set(scopes)].sort().join(' ');
}

/**
 * Merges scopes with the same resource (`repository:a:pull` + `repository:a:metadata_read` →
 * `repository:a:metadata_read,pull`) so the token request stays short and unambiguous.
 */
export function mergeScopes(scopes: readonly string[]): string[] {
  const byResource = new Map<string, Set<string>>();
  const order: string[] = [];
  for (const scope of scopes) {
    const at = scope.lastIndexOf(':');
    if (at <= 0) continue;
    const resource = scope.slice(0, at);
    let actions = byResource.get(resource);
    if (!actions) {
      actions = new Set();
      byResource.set(resource, actions);
      order.push(resource);
    }
    for (const action of scope.slice(at + 1).split(',')) if (action) actions.add(action);
  }
  return order.map((resource) => `${resource}:${[...(byResource.get(resource) ?? [])].sort().join(',')}`);
}
