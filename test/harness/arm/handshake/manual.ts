/** Pending manual validations (the webhook GETs `validationUrl` instead of echoing the code). */
export class ManualValidations {
  readonly #pending = new Map<string, { token: string; resolve: () => void }>();

  register(id: string, token: string): { promise: Promise<void>; cancel: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    this.#pending.set(id, { token, resolve });
    return { promise, cancel: () => this.#pending.delete(id) };
  }

  /** True when `id`/`token` named a pending validation, which is now resolved. */
  confirm(id: string, token: string): boolean {
    const entry = this.#pending.get(id);
    if (!entry || entry.token !== token) return false;
    this.#pending.delete(id);
    entry.resolve();
    return true;
  }
}
