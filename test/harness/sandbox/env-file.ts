/**
 * Renders `.sandbox/env`: a file a POSIX shell can `source`. Values are single-quoted so that any
 * character is safe; the file is written 0600 because it holds the sandbox's admin API key.
 */
export function renderEnvFile(vars: Record<string, string>): string {
  const lines = Object.entries(vars).map(([name, value]) => {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`invalid environment variable name: ${name}`);
    return `export ${name}='${value.replaceAll("'", `'\\''`)}'`;
  });
  return `# Written by \`pnpm sandbox up\`; \`source\` it to point scout-acr, the SDK, curl and skopeo at the sandbox.\n${lines.join('\n')}\n`;
}

/** Reads back what `renderEnvFile` wrote (for `sandbox status`, which asks the server with the viewer key). */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^export ([A-Z_][A-Z0-9_]*)='(.*)'$/.exec(line);
    if (match) vars[match[1] as string] = (match[2] as string).replaceAll(`'\\''`, "'");
  }
  return vars;
}
