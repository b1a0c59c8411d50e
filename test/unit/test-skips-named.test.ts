// No test skips silently: a conditional skip names why in its title ("(Linux only: …)" or "(needs <binary>)"), and a
// missing binary fails with how to install it instead (make test installs the system packages first).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures/proc-spec.ts';

/** Files that write vitest fixtures containing skips as strings (they do not skip themselves). */
const WRITES_FIXTURES = new Set(['test/unit/test-summary.test.ts', 'test/unit/test-skips-named.test.ts']);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Index just past the parenthesised group that opens at `open` (which must be '('). */
function closeParen(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === '(') depth++;
    else if (src[i] === ')' && --depth === 0) return i + 1;
  }
  return src.length;
}

interface Skip {
  file: string;
  line: number;
  kind: string;
  title: string | null;
}

export function findSkips(file: string, src: string): Skip[] {
  const out: Skip[] = [];
  const re = /\b(?:it|test|describe|bench)\s*\.\s*(skipIf|runIf|skip|todo)\s*\(|\b(?:ctx|context|t)\s*\.\s*skip\s*\(/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const kind = m[1] ?? 'context.skip';
    const line = src.slice(0, m.index).split('\n').length;
    let title: string | null = null;
    if (kind === 'skipIf' || kind === 'runIf') {
      const after = src.slice(closeParen(src, m.index + m[0].length - 1));
      title = /^\s*\(\s*(['"`])((?:(?!\1)[^\\]|\\.)*)\1/.exec(after)?.[2] ?? null;
    }
    out.push({ file, line, kind, title });
  }
  return out;
}

/** "(Linux only: taskset)", "(needs redis-server)", or a reason computed at run time: "(${probe.reason})". */
const NAMED = /\((?:[^()]*\bonly\b[^()]*|needs [^()]+|\$\{[^}]+\})\)/;

describe('skips in test/', () => {
  const skips = testFiles(join(repoRoot, 'test'))
    .map((f) => relative(repoRoot, f))
    .filter((f) => !WRITES_FIXTURES.has(f))
    .flatMap((f) => findSkips(f, readFileSync(join(repoRoot, f), 'utf8')));

  it('the scanner finds a conditional skip and reads its title, and catches the unconditional kinds', () => {
    const found = findSkips('x.ts', "it.skipIf(!has('redis-server'))(\n  'given x (needs redis-server)', () => {});\nit.skip('y', () => {});\ncontext.skip();");
    expect(found.map((s) => [s.kind, s.title])).toEqual([
      ['skipIf', 'given x (needs redis-server)'],
      ['skip', null],
      ['context.skip', null],
    ]);
  });

  it('the rule accepts a named reason and rejects a bare title', () => {
    for (const t of ['x (Linux only: /proc)', 'x (needs root and cgroup v1)', 'given a fleet enforced by ${probe.enforcement} (${probe.reason})']) expect(t).toMatch(NAMED);
    for (const t of ['given 2 cores, then generator on 0', 'x (2 cores)']) expect(t).not.toMatch(NAMED);
  });

  it('every conditional skip names why in its title, e.g. "(Linux only: taskset)", "(needs k6)" or "(${reason})"', () => {
    const unnamed = skips.filter((s) => (s.kind === 'skipIf' || s.kind === 'runIf') && !(s.title && NAMED.test(s.title)));
    expect(unnamed.map((s) => `${s.file}:${s.line} ${s.title ?? '(title not a literal)'}`)).toEqual([]);
  });

  it('no test is skipped unconditionally or at run time (it.skip, it.todo, ctx.skip): fail with how to install instead', () => {
    const silent = skips.filter((s) => s.kind !== 'skipIf' && s.kind !== 'runIf');
    expect(silent.map((s) => `${s.file}:${s.line} ${s.kind}`)).toEqual([]);
  });
});
