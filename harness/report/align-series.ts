// Aligns several (x, y) point lists onto one sorted x axis, as uPlot expects: [xs, ys1, ys2, …] with nulls where absent.

export function alignSeries(lists: [number, number][][]): (number | null)[][] {
  const xs = [...new Set(lists.flatMap((l) => l.map(([x]) => x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const out: (number | null)[][] = [xs];
  for (const list of lists) {
    const ys = new Array<number | null>(xs.length).fill(null);
    for (const [x, y] of list) ys[index.get(x)!] = y;
    out.push(ys);
  }
  return out;
}
