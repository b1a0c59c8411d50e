// Loads the tiers file from disk (Node only; the pure tier math lives in tiers.ts so k6 can import it).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateTierFile, type TierFile } from './tiers.ts';

export const DEFAULT_TIERS_PATH = fileURLToPath(new URL('../tiers.json', import.meta.url));

export function loadTierFile(path = DEFAULT_TIERS_PATH): TierFile {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RangeError(`tiers file ${path} cannot be read: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new RangeError(`tiers file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return validateTierFile(parsed);
}
