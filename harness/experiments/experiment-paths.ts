// Where an experiment's files go: results/experiments/<name>/<run-id>/{<arm>.json | <arm>/run-<i>.json, summary.json}, and <name>/latest.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentSummary } from './experiment-types.ts';

export function experimentDir(resultsDir: string, name: string): string {
  return join(resultsDir, 'experiments', name);
}

export function experimentRunDir(resultsDir: string, name: string, runId: string): string {
  return join(experimentDir(resultsDir, name), runId);
}

/** One repeat: `<arm>.json`; several: `<arm>/run-<i>.json` (a folder `compare` reads as repeated runs). */
export function armFile(runDir: string, arm: string, repeat: number, repeats: number): string {
  return repeats === 1 ? join(runDir, `${arm}.json`) : join(runDir, arm, `run-${repeat}.json`);
}

export function latestSummaryPath(resultsDir: string, name: string): string {
  return join(experimentDir(resultsDir, name), 'latest.json');
}

/** The latest summary of an experiment, or undefined when it never ran (or the file is unreadable). */
export function readLatestSummary(resultsDir: string, name: string): ExperimentSummary | undefined {
  const file = latestSummaryPath(resultsDir, name);
  if (!existsSync(file)) return undefined;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as ExperimentSummary;
    return s.schema === 'scaleladder/experiment@1' ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Latest summary of every experiment that has run under resultsDir, by name. */
export function readAllLatestSummaries(resultsDir: string): ExperimentSummary[] {
  const root = join(resultsDir, 'experiments');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .map((name) => readLatestSummary(resultsDir, name))
    .filter((s): s is ExperimentSummary => s !== undefined);
}
