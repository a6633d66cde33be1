export interface ScannedDelivery {
  /** Nested deeper than the limit: refuse before any parser sees it. */
  tooDeep: boolean;
  /**
   * The exact text of each top-level array item (each event of an Event Grid or CloudEvents batch), or of the
   * whole value when it is an object (a single CloudEvent). Only meaningful for text that JSON.parse accepts.
   */
  items: string[];
}

const QUOTE = 34;
const BACKSLASH = 92;

/** True when the quote at `at` is escaped: an odd run of backslashes right before it. */
function escaped(text: string, at: number): boolean {
  let n = 0;
  for (let i = at - 1; text.charCodeAt(i) === BACKSLASH; i--) n++;
  return n % 2 === 1;
}

/**
 * One pass over a delivery's JSON text, without parsing it. First, the nesting depth (brackets outside
 * strings), so a hostile `[[[[…` is refused before any parser recurses into it; it stops as soon as `maxDepth`
 * is exceeded. Second, where each top-level item starts and ends, so every event can be stored as the text it
 * arrived as instead of being serialized again.
 *
 * Strings are skipped with `indexOf` to their closing quote rather than character by character: most of an
 * event's text is inside strings, and this runs for every delivery.
 */
export function scanDelivery(text: string, maxDepth: number): ScannedDelivery {
  const items: string[] = [];
  let depth = 0;
  let topArray = false;
  let topStart = -1;
  let itemStart = -1;
  // Index just past the last character that is not JSON whitespace: where an item or the whole value ends.
  let end = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) continue;
    if (c === QUOTE) {
      let close = text.indexOf('"', i + 1);
      while (close !== -1 && escaped(text, close)) close = text.indexOf('"', close + 1);
      if (close === -1) break; // unterminated: JSON.parse refuses it
      if (depth === 1 && topArray && itemStart < 0) itemStart = i;
      if (depth === 0 && topStart < 0) topStart = i;
      i = close;
      end = close + 1;
      continue;
    }
    if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > maxDepth) return { tooDeep: true, items: [] };
      if (depth === 1) {
        if (topStart < 0) topStart = i;
        topArray = c === 91;
      } else if (depth === 2 && topArray && itemStart < 0) itemStart = i;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (depth === 1 && topArray && itemStart >= 0) {
        items.push(text.slice(itemStart, end));
        itemStart = -1;
      }
      depth--;
    } else if (c === 44 /* , */) {
      if (depth === 1 && topArray && itemStart >= 0) {
        items.push(text.slice(itemStart, end));
        itemStart = -1;
      }
    } else if (depth === 1 && topArray && itemStart < 0) itemStart = i;
    else if (depth === 0 && topStart < 0) topStart = i;
    end = i + 1;
  }
  if (!topArray && topStart >= 0) items.push(text.slice(topStart, end));
  return { tooDeep: false, items };
}
