import { z } from 'zod';

/** RFC 3339 timestamp with a zone; Azure writes up to 7 fractional digits and sometimes a numeric offset. */
export const timestampSchema = z.iso.datetime({ offset: true, error: 'expected an RFC 3339 timestamp' });

/** OCI content digest (`algorithm:encoded`), e.g. `sha256:57a9…`. */
export const digestSchema = z
  .string({ error: 'expected a digest string' })
  .regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, { error: 'expected a digest like sha256:<hex>' });

export const nonEmptyString = z.string({ error: 'expected a string' }).min(1, { error: 'must not be empty' });
