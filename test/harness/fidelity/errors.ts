import { ScoutAcrError } from '@scout-acr/sdk/errors';

/** The swagger-fidelity harness could not do its job (missing swagger, unreadable recording, broken oav load). */
export class FidelityHarnessError extends ScoutAcrError {
  constructor(message: string, code = 'FidelityHarnessError', cause?: unknown) {
    super(message, { code, cause });
  }
}
