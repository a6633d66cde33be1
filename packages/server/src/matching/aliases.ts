/**
 * Groups advisories that describe the same vulnerability: the connected components of the graph whose edges
 * are "record X lists Y as an alias" (so GHSA-x ↔ CVE-y ↔ PYSEC-z become one group even when no record lists
 * all of them). Returns, per group, the indexes of the input items, in input order.
 */
export function groupByAliases(items: ReadonlyArray<{ id: string; aliases: readonly string[] }>): number[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) {
      if (!parent.has(root)) parent.set(root, root);
      else root = parent.get(root)!;
    }
    // Path compression keeps later finds short.
    let node = x;
    while (parent.get(node) !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const item of items) for (const alias of item.aliases) union(item.id, alias);
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const root = find(item.id);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  return [...groups.values()];
}

/**
 * The id a group is shown under. Scout shows CVE ids: the CVE when the group names exactly one; otherwise a GHSA
 * when it names exactly one (language advisories without a CVE); otherwise the first matched record's own id
 * (a distro or ecosystem id such as `GO-2024-2887`, or a GHSA covering several CVEs).
 */
export function displayId(recordIds: readonly string[], allIds: readonly string[]): string {
  const cves = [...new Set(allIds.filter((id) => /^CVE-\d{4}-\d+$/.test(id)))];
  if (cves.length === 1) return cves[0]!;
  const ghsas = [...new Set(allIds.filter((id) => id.startsWith('GHSA-')))];
  if (ghsas.length === 1) return ghsas[0]!;
  return [...recordIds].sort()[0]!;
}

/** A link for a vulnerability id: NVD for CVE ids, osv.dev for every other. */
export function vulnerabilityUrl(id: string): string {
  return /^CVE-\d{4}-\d+$/.test(id)
    ? `https://nvd.nist.gov/vuln/detail/${id}`
    : `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
}
