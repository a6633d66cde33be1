import { ScoutAcrError } from '../errors/index.js';

/** Thrown when a renderer is given input it cannot turn into a valid document (bad digest, bad timestamp…). */
export class FormatInputError extends ScoutAcrError {
  constructor(message: string) {
    super(message, { code: 'InvalidFormatInput', status: 400 });
  }
}
