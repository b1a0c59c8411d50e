// Seeds the stage's one SQLite file and gives its path and the seeded codes in popularity order.
import { join } from 'node:path';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { seededCodes } from './seeded-codes.ts';
import type { StageBootOptions } from './stage-types.ts';

export function seedStageDb(o: Pick<StageBootOptions, 'runDir' | 'seedLinks' | 'seed'>) {
  const dbPath = join(o.runDir, `stage.sqlite`);
  const seed = seedLinks(dbPath, o.seedLinks, { reset: true });
  return { dbPath, seed, codes: seededCodes(seed.first, seed.last, o.seed) };
}
