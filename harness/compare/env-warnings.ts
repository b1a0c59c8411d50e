// Says when two sets of runs are not comparable: different machine, Node, tool versions or configuration, or mixed runs within one side.
import type { RunResult } from '../results/result-types.ts';
import type { EnvSummary } from './compare-types.ts';

function distinct<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

export function summarizeSide(runs: readonly RunResult[]): EnvSummary {
  const first = runs[0];
  return {
    runs: runs.length,
    stages: distinct(runs.map((r) => r.stage)).sort((a, b) => a - b),
    commits: distinct(runs.map((r) => r.commit ?? null)),
    cpuModel: first?.env?.cpuModel ?? 'unknown',
    cores: first?.env?.cores ?? 0,
    node: first?.env?.node ?? 'unknown',
    configHashes: distinct(runs.map((r) => r.configHash)),
    env: first?.env ?? null,
  };
}

function envFacts(r: RunResult): Record<string, string> {
  const e = r.env;
  const facts: Record<string, string> = {
    'CPU model': String(e?.cpuModel ?? 'unknown'),
    cores: String(e?.cores ?? 'unknown'),
    'Node.js': String(e?.node ?? 'unknown'),
    OS: String(e?.os ?? 'unknown'),
    'CPU pinning': e?.placement ? (e.placement.pinned ? 'pinned' : 'unpinned') : 'unknown',
  };
  for (const [tool, version] of Object.entries(e?.tools ?? {})) facts[tool] = version ?? 'not installed';
  return facts;
}

function sideFacts(runs: readonly RunResult[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of runs) {
    for (const [k, v] of Object.entries(envFacts(r))) {
      if (!out.has(k)) out.set(k, new Set());
      out.get(k)!.add(v);
    }
  }
  return out;
}

const show = (s: Set<string> | undefined) => (s ? [...s].join(' / ') : 'unknown');

export function envWarnings(base: readonly RunResult[], head: readonly RunResult[]): string[] {
  const warnings: string[] = [];
  const fb = sideFacts(base);
  const fh = sideFacts(head);
  const keys = distinct([...fb.keys(), ...fh.keys()]);
  const differs: string[] = [];
  for (const k of keys) {
    const a = show(fb.get(k));
    const b = show(fh.get(k));
    if (a !== b) differs.push(`${k}: ${a} → ${b}`);
  }
  if (differs.length > 0) {
    warnings.push(`environments differ, so the runs may not be comparable (${differs.join('; ')}); rerun both sides on the same machine`);
  }
  for (const [name, runs] of [['base', base], ['head', head]] as const) {
    for (const [k, values] of name === 'base' ? fb : fh) {
      if (values.size > 1) warnings.push(`${name} mixes runs from different environments (${k}: ${[...values].join(' / ')})`);
    }
    const aborted = runs.filter((r) => r.aborted).length;
    if (aborted > 0) warnings.push(`${name}: ${aborted} of ${runs.length} runs were aborted; their completed steps are compared`);
  }
  const stages = distinct([...base, ...head].map((r) => r.stage)).sort((a, b) => a - b);
  for (const stage of stages) {
    const hb = distinct(base.filter((r) => r.stage === stage).map((r) => r.configHash));
    const hh = distinct(head.filter((r) => r.stage === stage).map((r) => r.configHash));
    if (hb.length > 1) warnings.push(`base mixes configurations for stage ${stage} (config hashes ${hb.join(', ')})`);
    if (hh.length > 1) warnings.push(`head mixes configurations for stage ${stage} (config hashes ${hh.join(', ')})`);
    if (hb.length > 0 && hh.length > 0 && hb.join() !== hh.join()) {
      warnings.push(`stage ${stage}: configurations differ (config hash ${hb.join(', ')} → ${hh.join(', ')}); the deltas include the config change, not only the code change`);
    }
  }
  return warnings;
}
