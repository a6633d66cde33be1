/**
 * Escaping for GitHub-flavoured Markdown. Text from advisories is untrusted: it may contain pipes (which end
 * a table cell), HTML (which GitHub partly renders), backticks, brackets (links), emphasis or strikethrough
 * markers (`~` strikes through on GitHub), or line breaks (which end a table row).
 */

/** Escapes text for use in a paragraph, heading or table cell: one line, no active Markdown or HTML. */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#|~]/g, (c) => `\\${c}`)
    .trim();
}
