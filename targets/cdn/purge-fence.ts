// Keeps a fetch that was already in flight when a purge ran from storing the pre-purge response it brings back.

interface Mark {
  seq: number;
  atMs: number;
}

export class PurgeFence {
  private seq = 0;
  private readonly urls = new Map<string, Mark>();
  private readonly keys = new Map<string, Mark>();

  /** @param holdMs how long a purge fences fetches (longer than any fetch can take: the origin timeout and more). */
  constructor(private readonly holdMs: number) {}

  /** Sequence number a fetch records when it starts. */
  current(): number {
    return this.seq;
  }

  /** Records a purge of URLs (primary keys) and surrogate keys. */
  mark(urls: readonly string[], keys: readonly string[], nowMs: number): void {
    const seq = ++this.seq;
    for (const u of urls) this.urls.set(u, { seq, atMs: nowMs });
    for (const k of keys) this.keys.set(k, { seq, atMs: nowMs });
    this.prune(nowMs);
  }

  /** True when a purge touching this URL or one of its surrogate keys ran after the fetch started. */
  fenced(startSeq: number, url: string, keys: readonly string[]): boolean {
    if (this.seq === startSeq) return false;
    if ((this.urls.get(url)?.seq ?? -1) > startSeq) return true;
    for (const k of keys) if ((this.keys.get(k)?.seq ?? -1) > startSeq) return true;
    return false;
  }

  private prune(nowMs: number): void {
    for (const map of [this.urls, this.keys]) {
      if (map.size < 1024) continue;
      for (const [k, m] of map) if (nowMs - m.atMs > this.holdMs) map.delete(k);
    }
  }
}
