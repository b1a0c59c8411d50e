// Ranks of a pooled sample with ties sharing their average rank (midranks), plus the tie groups' sizes.

export interface Ranked {
  /** ranks[i] is the (1-based, possibly half-integer) midrank of values[i]. */
  ranks: number[];
  /** Size of each group of tied values (groups of 1 included). */
  tieSizes: number[];
}

export function midranks(values: readonly number[]): Ranked {
  const order = values.map((v, i) => ({ v, i })).sort((p, q) => p.v - q.v);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].v === order[start].v) end++;
    const rank = (start + 1 + end + 1) / 2;
    for (let k = start; k <= end; k++) ranks[order[k].i] = rank;
    tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieSizes };
}
