// The README's command line is true: every make target it names is in the Makefile, and its synopsis and each
// command's `--help` (the real CLI, in a child process) name the same flags.
// When it fails: add the flag to the synopsis of "## The command line" in README.md (or remove a stale one);
// the message lists each command's missing flags.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures/proc-spec.ts';
import { runCommand } from '../helpers/run-command.ts';

const README = readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** The synopsis: the first code block after "## The command line", one command per `scaleladder …` line plus its indented continuations. */
export function synopsisFlags(readme: string): Map<string, Set<string>> {
  const section = readme.slice(readme.indexOf('## The command line'));
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md: no code block after "## The command line"');
  const commands = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  for (const raw of block.split('\n')) {
    const line = raw.replace(/\s#.*$/, '');
    const start = /^scaleladder\s+(.*)$/.exec(line);
    if (start) {
      const words: string[] = [];
      for (const w of start[1].split(/\s+/)) {
        if (!/^[a-z][a-z0-9-]*$/.test(w)) break;
        words.push(w);
      }
      const name = words.join(' ');
      current = commands.get(name) ?? new Set();
      commands.set(name, current);
    } else if (!/^\s/.test(line) || line.trim() === '') {
      if (line.trim() !== '') current = undefined;
      continue;
    }
    for (const m of line.matchAll(/(?<![\w-])(--[a-z][a-z0-9-]*)/g)) current?.add(m[1]);
  }
  return commands;
}

/** Long flags of a commander `--help` text (the Options section), without --help itself. */
export function helpFlags(help: string): Set<string> {
  const options = help.slice(help.indexOf('Options:'));
  const flags = [...options.matchAll(/^\s+(?:-\w,\s+)?(--[a-z][a-z0-9-]*)/gm)].map((m) => m[1]);
  return new Set(flags.filter((f) => f !== '--help'));
}

/** Make targets the README names: `make x` in backticks or at the start of a code line; bench-stage-N means 1..5. */
export function readmeMakeTargets(readme: string): string[] {
  const names = new Set<string>();
  for (const m of readme.matchAll(/(?:^|`)make ([a-z][a-z0-9-]*[a-z0-9]|[a-z])/gm)) names.add(m[1]);
  return [...names].flatMap((n) => (n === 'bench-stage-N' || n === 'bench-stage' ? ['bench-stage-1', 'bench-stage-5'] : [n]));
}

function runHelp(command: string) {
  return runCommand(process.execPath, ['bin/scaleladder.mjs', ...command.split(' ').filter(Boolean), '--help'], { cwd: repoRoot });
}

/** Command names of a commander help's "Commands:" section (without `help`). */
export function helpCommands(text: string): string[] {
  const section = text.slice(text.indexOf('Commands:'));
  return [...section.matchAll(/^  ([a-z][a-z0-9-]*)/gm)].map((m) => m[1]).filter((c) => c !== 'help');
}

const synopsis = synopsisFlags(README);
const help = new Map<string, Set<string>>();
let topCommands: string[] = [];

beforeAll(async () => {
  // Three at a time: each child loads the whole CLI through tsx.
  const top = await runHelp('');
  topCommands = helpCommands(top.stdout);
  const names = [...synopsis.keys()];
  for (let i = 0; i < names.length; i += 3) {
    await Promise.all(
      names.slice(i, i + 3).map(async (name) => {
        const r = await runHelp(name);
        if (r.status !== 0) throw new Error(`README names 'scaleladder ${name}', but '${name} --help' exited ${r.status}: ${r.stderr.trim()}`);
        help.set(name, helpFlags(r.stdout));
      }),
    );
  }
}, 240_000);

describe('README synopsis vs the CLI', () => {
  it('the parsers read a synopsis and a help text', () => {
    const s = synopsisFlags('## The command line\n\n```\nscaleladder k6 export --script S [--out F]   # x --not-this\n                  [--base-url URL]\nscaleladder ladder [RESULTS...]\n```\n');
    expect(Object.fromEntries([...s].map(([k, v]) => [k, [...v]]))).toEqual({ 'k6 export': ['--script', '--out', '--base-url'], ladder: [] });
    expect([...helpFlags('Usage: x\n\nOptions:\n  --stage <n>  stage\n  -V, --version  v\n  --no-pin     no\n  -h, --help   help\n')]).toEqual(['--stage', '--version', '--no-pin']);
  });

  it('names every command of `scaleladder --help`', () => {
    expect(topCommands).toEqual(expect.arrayContaining(['bench', 'compare', 'doctor']));
    const named = new Set([...synopsis.keys()].map((c) => c.split(' ')[0]));
    expect(topCommands.filter((c) => !named.has(c)), 'commands missing from the README synopsis').toEqual([]);
  });

  it('every flag of the synopsis exists in that command\'s --help', () => {
    const unknown = [...synopsis].flatMap(([cmd, flags]) => [...flags].filter((f) => !help.get(cmd)!.has(f)).map((f) => `${cmd} ${f}`));
    expect(unknown, 'flags in the README synopsis that the CLI does not have').toEqual([]);
  });

  it('every flag of each command\'s --help is in the README synopsis', () => {
    const missing = [...help].flatMap(([cmd, flags]) => [...flags].filter((f) => !synopsis.get(cmd)!.has(f)).map((f) => `${cmd} ${f}`));
    expect(missing, 'flags of --help missing from the README synopsis ("## The command line")').toEqual([]);
  });
});

describe('README make targets vs the Makefile', () => {
  it('every make target the README names is a target of the Makefile', () => {
    // -p prints make's database; -q on `help` (an echo-only recipe) runs nothing.
    const db = spawnSync('make', ['-p', '-q', '-R', 'help'], { cwd: repoRoot, encoding: 'utf8' }).stdout;
    const targets = new Set([...db.matchAll(/^([a-zA-Z0-9][a-zA-Z0-9._-]*):/gm)].map((m) => m[1]));
    const named = readmeMakeTargets(README);
    expect(named).toEqual(expect.arrayContaining(['test', 'bench', 'bench-stage-1', 'install', 'clean']));
    expect(named.filter((t) => !targets.has(t)), 'make targets in README.md that the Makefile lacks').toEqual([]);
  });
});
