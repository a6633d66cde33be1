import { AzureResourceNotFoundError } from '../errors/index.js';

/**
 * Makes a delete idempotent: a 404 of any kind (the resource, its parent or its resource group) means the thing
 * is already gone, which is what the caller wanted.
 */
export async function ignoreNotFound(promise: Promise<void>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AzureResourceNotFoundError) return;
    throw error;
  }
}
