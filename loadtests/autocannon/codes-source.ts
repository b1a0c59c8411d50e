// Where a scenario script gets the codes it asks for: a file (one code per line, hottest first) or links it creates.
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { UserError } from '../../harness/errors/user-error.ts';

export function readCodesFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`codes file ${path} cannot be read: ${(e as Error).message}`);
  }
  const codes = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (codes.length === 0) throw new UserError(`codes file ${path} has no codes: put one code per line, the most popular first`);
  return codes;
}

/** Creates `n` links through the API (POST /api/links, 16 at a time) and returns their codes in creation order. */
export async function createLinks(baseUrl: string, n: number): Promise<string[]> {
  const base = baseUrl.replace(/\/$/, '');
  const codes: string[] = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      let res;
      try {
        res = await request(`${base}/api/links`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ url: `https://example.org/scaleladder/autocannon/${i}` }),
        });
      } catch (e) {
        throw new UserError(`cannot create links at ${base}/api/links: ${(e as Error).message} (is the target up?)`);
      }
      const body = await res.body.text();
      if (res.statusCode !== 201) {
        throw new UserError(`creating links at ${base}/api/links answered ${res.statusCode}, not 201: pass --codes FILE instead`);
      }
      const code = (JSON.parse(body) as { code?: unknown }).code;
      if (typeof code !== 'string') throw new UserError(`creating links at ${base}/api/links: the 201 body has no "code"`);
      codes[i] = code;
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, n) }, worker));
  return codes;
}
