// No import runs back up the layers: each room (a folder under harness/ or loadtests/; targets/ as one) lists the rooms it may import.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Room → the rooms its files may import, lowest rooms first. A room imports only rooms listed above it. */
const ROOMS: Record<string, string[]> = {
  'harness/errors': [],
  'harness/env': [],
  'harness/stats': [],
  'harness/options': [],
  'loadtests/workload': [],
  'loadtests/k6': ['loadtests/workload'],
  targets: ['harness/errors', 'harness/options', 'loadtests/workload'],
  'harness/measure': ['harness/errors'],
  'harness/supervisor': ['harness/errors', 'harness/measure'],
  'harness/machines': ['harness/errors', 'harness/measure', 'harness/stats'],
  'harness/services': ['harness/env', 'harness/errors', 'harness/measure', 'harness/supervisor', 'targets'],
  'harness/stages': ['harness/errors', 'harness/machines', 'harness/measure', 'harness/services', 'harness/stats', 'harness/supervisor', 'loadtests/workload', 'targets'],
  'harness/results': ['harness/env', 'harness/errors', 'harness/machines', 'harness/measure', 'harness/stages', 'loadtests/workload'],
  'harness/analysis': ['harness/measure', 'harness/results'],
  'harness/drivers': ['harness/env', 'harness/errors', 'harness/measure', 'harness/results', 'harness/supervisor', 'loadtests/k6', 'loadtests/workload'],
  'harness/faults': ['harness/errors', 'harness/results', 'harness/services', 'harness/stages', 'harness/supervisor', 'loadtests/workload'],
  'harness/bench': ['harness/analysis', 'harness/drivers', 'harness/env', 'harness/errors', 'harness/faults', 'harness/machines', 'harness/measure', 'harness/options', 'harness/results', 'harness/services', 'harness/stages', 'harness/stats', 'harness/supervisor', 'loadtests/workload', 'targets'],
  'harness/render': ['harness/analysis', 'harness/measure', 'harness/results'],
  'harness/compare': ['harness/errors', 'harness/measure', 'harness/render', 'harness/results', 'harness/stats'],
  'harness/k6-export': ['harness/drivers', 'harness/errors', 'harness/results', 'loadtests/k6', 'loadtests/workload'],
  'harness/placement': ['harness/errors', 'harness/services', 'harness/supervisor', 'loadtests/workload', 'targets'],
  'harness/plan': ['harness/analysis', 'harness/compare', 'harness/errors', 'harness/measure', 'harness/render', 'harness/results', 'harness/stats', 'loadtests/workload'],
  'harness/experiments': ['harness/analysis', 'harness/bench', 'harness/compare', 'harness/drivers', 'harness/env', 'harness/errors', 'harness/faults', 'harness/machines', 'harness/measure', 'harness/options', 'harness/render', 'harness/results', 'harness/services', 'harness/stages', 'harness/stats', 'harness/supervisor', 'loadtests/workload', 'targets'],
  'harness/validate': ['harness/analysis', 'harness/errors', 'harness/experiments', 'harness/measure', 'harness/placement', 'harness/render', 'harness/results', 'harness/services', 'harness/stats', 'harness/supervisor', 'loadtests/workload', 'targets'],
  'harness/report': ['harness/analysis', 'harness/compare', 'harness/errors', 'harness/experiments', 'harness/measure', 'harness/plan', 'harness/render', 'harness/results', 'harness/validate'],
  'harness/perf': ['harness/drivers', 'harness/errors', 'harness/measure', 'harness/results', 'harness/services', 'harness/stages', 'harness/supervisor', 'loadtests/workload', 'targets'],
  'loadtests/autocannon': ['harness/drivers', 'harness/errors', 'harness/measure', 'loadtests/workload'],
  'harness/cli': ['harness/bench', 'harness/compare', 'harness/env', 'harness/errors', 'harness/experiments', 'harness/faults', 'harness/k6-export', 'harness/machines', 'harness/measure', 'harness/placement', 'harness/plan', 'harness/render', 'harness/report', 'harness/results', 'harness/services', 'harness/stages', 'harness/supervisor', 'harness/validate', 'loadtests/workload', 'targets'],
  bin: ['harness/cli', 'harness/env'],
  scripts: ['harness/results'],
};

const SOURCE = /\.(ts|mts|mjs|js)$/;
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.\.?\/[^'"]+)['"]/g;

function roomOf(file: string): string {
  const [top, sub] = file.split('/');
  return top === 'targets' || sub === undefined || !file.includes('/', top.length + 1) ? top : `${top}/${sub}`;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
    return SOURCE.test(e.name) ? [path] : [];
  });
}

interface Edge {
  file: string;
  target: string;
  from: string;
  to: string;
}

function crossRoomImports(): Edge[] {
  const edges: Edge[] = [];
  for (const file of ['harness', 'loadtests', 'targets', 'bin', 'scripts'].flatMap(sources)) {
    for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(SPECIFIER)) {
      const target = relative(ROOT, normalize(join(ROOT, dirname(file), m[1])));
      const from = roomOf(file);
      const to = roomOf(target);
      if (from !== to) edges.push({ file, target, from, to });
    }
  }
  return edges;
}

describe('rooms', () => {
  it('the rooms list has no way back up: following "may import" never returns to the room it left', () => {
    const loops: string[] = [];
    const walk = (room: string, path: string[]) => {
      for (const next of ROOMS[room] ?? []) {
        if (path.includes(next)) loops.push([...path, next].join(' → '));
        else walk(next, [...path, next]);
      }
    };
    for (const room of Object.keys(ROOMS)) walk(room, [room]);
    expect(loops).toEqual([]);
  });

  it('every import between rooms goes down: to a room the importer lists', () => {
    const edges = crossRoomImports();
    expect(edges.length).toBeGreaterThan(100);
    const wrong = edges
      .filter((e) => !(ROOMS[e.from] ?? []).includes(e.to))
      .map((e) => (e.from in ROOMS ? `${e.file} imports ${e.target}: ${e.from} may import only ${ROOMS[e.from].join(', ') || 'nothing'}` : `${e.file} imports ${e.target}: room ${e.from} is not listed in ROOMS (test/unit/import-rooms.test.ts)`));
    if (wrong.length > 0) console.error(`imports that run back up the rooms:\n  ${wrong.join('\n  ')}`);
    expect(wrong).toEqual([]);
  });
});
