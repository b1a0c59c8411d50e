// What a lookup does when a read replica has no row for the code: the read-your-writes hazard of a URL shortener
// (a link created on the primary and followed at once may not have reached the replica yet).
// 'off': answer 404; 'measure': answer 404 and ask the primary in the background, counting the 404s it would have
// answered; 'fix': ask the primary before answering and serve its row (costs one primary read per replica miss).
export const READ_YOUR_WRITES_MODES = ['off', 'measure', 'fix'] as const;
export type ReadYourWrites = (typeof READ_YOUR_WRITES_MODES)[number];
