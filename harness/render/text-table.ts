// Pure: lays out rows as an aligned plain-text table (numbers right-aligned), returning a string.
export function textTable(header: string[], rows: string[][], opts: { rightAlign?: boolean[] } = {}): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const right = opts.rightAlign ?? header.map((_, i) => i > 0);
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (right[i] ? (c ?? '').padStart(widths[i]) : (c ?? '').padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}
