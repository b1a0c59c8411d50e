// The codes file: seeded short codes, one per line, hottest (popularity rank 1) first — written by the harness.

/** Codes from the file's text, blank lines and '#' comments skipped, at most `limit` of them. */
export function parseCodesText(text: string, limit = Infinity): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const code = line.trim();
    if (code === '' || code.startsWith('#')) continue;
    out.push(code);
    if (out.length >= limit) break;
  }
  return out;
}

export function formatCodesText(codes: readonly string[]): string {
  return codes.length === 0 ? '' : `${codes.join('\n')}\n`;
}
