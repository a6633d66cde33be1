import { ScoutAcrError } from '@scout-acr/sdk';

/** One problem in a config file, located as editors and compilers do. */
export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the offending value, e.g. `registries[1].resourceGroup`. */
  path: string;
  message: string;
}

/** The config could not be used; carries every problem found, not just the first. */
export class ConfigError extends ScoutAcrError {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(
      `${issues.length} problem${issues.length === 1 ? '' : 's'} in config:\n${issues.map(formatIssue).join('\n')}`,
      {
        code: 'InvalidConfig',
      },
    );
    this.issues = issues;
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.path ? ` ${issue.path}:` : '';
  return `${issue.file}:${issue.line}:${issue.column}:${where} ${issue.message}`;
}

/** The config file does not exist or cannot be read. */
export class ConfigNotFoundError extends ScoutAcrError {
  constructor(file: string, cause: unknown) {
    super(`cannot read config file ${file}: ${(cause as NodeJS.ErrnoException)?.code ?? String(cause)}`, {
      code: 'ConfigNotFound',
      cause,
    });
  }
}
