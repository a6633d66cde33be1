/** Identifying an image's base image by shared layers, from the API's image records (pure). */
import type { Image } from '@scout-acr/sdk/client';

/**
 * The analyzed image whose layers are a strict prefix of `image`'s layers, the longest such prefix winning
 * (the closest base). Ties go to the most recently analyzed. Undefined when none is found.
 */
export function findBaseImage(image: Image, candidates: readonly Image[]): Image | undefined {
  const layers = image.layers.map((l) => l.digest);
  let best: Image | undefined;
  for (const candidate of candidates) {
    if (candidate.digest === image.digest || candidate.status !== 'ANALYZED') continue;
    const prefix = candidate.layers.map((l) => l.digest);
    if (prefix.length === 0 || prefix.length >= layers.length) continue;
    if (!prefix.every((d, i) => d === layers[i])) continue;
    if (
      !best ||
      prefix.length > best.layers.length ||
      (prefix.length === best.layers.length && (candidate.analyzedAt ?? '') > (best.analyzedAt ?? ''))
    )
      best = candidate;
  }
  return best;
}
