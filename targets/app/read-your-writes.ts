// What a lookup does when a read replica may not have the code yet: the read-your-writes hazard of a URL shortener
// (a link created on the primary and followed at once may not have reached the replica yet).
// 'off': answer a replica miss with 404; 'measure': answer 404 and ask the primary in the background, counting the 404s
// it would have answered; 'fix': on a replica miss, ask the primary before answering (one primary read per miss);
// 'fix-age': send codes younger than the lag bound straight to the primary (pg-age-watermark.ts: the bound is the
// configured replica delay or the measured replay lag, whichever is larger, plus a margin), older ones to a replica,
// whose misses are still checked on the primary in the background and counted; custom codes (no id to age) get 'fix'.
export const READ_YOUR_WRITES_MODES = ['off', 'measure', 'fix', 'fix-age'] as const;
export type ReadYourWrites = (typeof READ_YOUR_WRITES_MODES)[number];
