import { expect, it } from 'vitest';
import {
  createSwaggerValidator,
  formatViolations,
  readRecordings,
  summaryLine,
  toViolation,
  type Violation,
} from '../harness/fidelity/index.js';

/**
 * Runs after every other project (vitest `sequence.groupOrder`): every ARM exchange any suite of this run
 * sent to an ARM emulator, as recorded in SCOUT_ACR_ARM_RECORD_DIR, must match the official swaggers.
 */
it('every ARM exchange recorded in this run matches the official swaggers', async () => {
  const dir = process.env.SCOUT_ACR_ARM_RECORD_DIR;
  expect(dir, 'SCOUT_ACR_ARM_RECORD_DIR is set by the vitest globalSetup').toBeTruthy();
  const { exchanges, unreadable } = await readRecordings(dir as string);
  expect(
    exchanges.length + unreadable.length,
    `no ARM exchange was recorded in ${dir}: the emulator's recording (or the globalSetup) is not wired`,
  ).toBeGreaterThan(0);

  const validator = await createSwaggerValidator();
  const violations: Violation[] = [];
  const operations = new Set<string>();
  for (const { file, line, exchange } of exchanges) {
    const result = await validator.validate(exchange);
    if (result.operationId !== undefined) operations.add(result.operationId);
    for (const error of result.errors)
      violations.push(toViolation(exchange, result.operationId, error, `${file}:${line}`));
  }
  const problems = [
    ...unreadable.map(({ file, line, problem }) => `unreadable recording ${file}:${line}: ${problem}`),
    formatViolations(violations),
  ].filter(Boolean);

  console.log(
    summaryLine('swagger fidelity', exchanges.length, operations.size, violations.length + unreadable.length),
  );
  if (problems.length > 0) expect.fail(`ARM emulator traffic departs from the swaggers:\n${problems.join('\n')}`);
});
