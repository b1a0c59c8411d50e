// The k6 driver: runs one step as `k6 run` of a scenario script and folds k6's JSON output into a StepMeasurement.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver, StepMeasurement, StepSpec } from '../driver-types.ts';
import { UserError } from '../../errors/user-error.ts';
import type { SloSpec } from '../../results/result-types.ts';
import { lastLogLines, oneLine } from '../../supervisor/log-follower.ts';
import { formatCodesText } from '../../../loadtests/k6/lib/script-env.ts';
import { sizeVus } from '../../../loadtests/k6/lib/scenario-options.ts';
import { K6OutputAggregator } from './k6-json-parser.ts';
import { locateK6 } from './k6-locate.ts';
import { k6StepMeasurement } from './k6-measurement.ts';
import { K6_EXIT_NAMES, k6RanToEnd, startK6, type K6Exit } from './k6-process.ts';
import { planK6Run } from './k6-run-plan.ts';
import { LineTail } from './line-tail.ts';

export const K6_SCRIPTS_DIR = fileURLToPath(new URL('../../../loadtests/k6/', import.meta.url));

export interface K6DriverOptions {
  /** k6 binary: a name looked up on PATH or a path (default 'k6'). */
  k6?: string;
  /** PATH to search (default process.env.PATH). */
  pathEnv?: string;
  /** Scenario script: a path, or a script name of loadtests/k6 such as 'mixed' (default 'mixed', the harness workload). */
  script?: string;
  /** Folder for the codes file, k6's JSON output, its summary and its log (default: a new folder under the OS temp dir). */
  workDir?: string;
  /** Keep k6's raw JSON output after parsing (default false: it is large). */
  keepRawOutput?: boolean;
  /** SLO written into the script's thresholds (default p99 100 ms, errors 0.1 %). */
  slo?: SloSpec;
  /** Typical response time the VU pool is sized for by Little's law (default 10 ms). */
  expectedLatencyMs?: number;
  /** Hard cap on k6's VUs (default: none). */
  maxVus?: number;
  /** More -e variables for the script. */
  extraEnv?: Record<string, string>;
  /** Time allowed beyond the step for k6 start-up, setup() and the graceful stop before k6 is stopped (default 90 s). */
  overheadS?: number;
}

/** 'mixed' → loadtests/k6/mixed.ts; anything with a slash or a .ts/.js ending is a path. */
export function resolveK6Script(script: string): string {
  if (/[\\/]/.test(script) || /\.(ts|js)$/.test(script)) return resolve(script);
  return join(K6_SCRIPTS_DIR, `${script}.ts`);
}

/** Throws the one-line "k6 not found" UserError right away when k6 is missing, before any stage is booted. */
export function createK6Driver(options: K6DriverOptions = {}): Driver {
  const bin = locateK6(options.k6 ?? 'k6', options.pathEnv);
  const script = resolveK6Script(options.script ?? 'mixed');
  const slo = options.slo ?? { p99Ms: 100, errorRate: 0.001 };
  const expectedLatencyMs = options.expectedLatencyMs ?? 10;
  let workDir = options.workDir;
  return {
    name: 'k6',
    async runStep(spec: StepSpec): Promise<StepMeasurement> {
      if (workDir === undefined) workDir = mkdtempSync(join(tmpdir(), 'scaleladder-k6-'));
      mkdirSync(workDir, { recursive: true });
      const codesFile = join(workDir, 'codes.txt');
      // Every code, as the open driver draws from them all (the file is the popularity order: rank 1 first).
      writeFileSync(codesFile, formatCodesText(spec.codes));
      const plan = planK6Run({ script, workDir, spec, slo, expectedLatencyMs, codesFile, compress: true, maxVus: options.maxVus, extraEnv: options.extraEnv });
      const logFile = join(workDir, `step-${spec.streamId}.k6.log`);
      const vus = sizeVus(spec.rate, expectedLatencyMs, slo.p99Ms, options.maxVus);

      const agg = new K6OutputAggregator();
      const tail = new LineTail(plan.outputFile, (l) => agg.addLine(l));
      const started = Date.now();
      const k6 = startK6(bin, plan.args, logFile, { ...process.env, K6_NO_USAGE_REPORT: 'true' });
      const onAbort = () => k6.stop('abort');
      if (spec.signal?.aborted) onAbort();
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      const deadline = setTimeout(() => k6.stop('deadline'), (spec.durationS + (options.overheadS ?? 90) + spec.timeoutMs / 1000) * 1000);
      const ticker = setInterval(() => {
        tail.pump();
        if (!spec.onProgress) return;
        const p = agg.progress();
        const elapsedS = (Date.now() - started) / 1000;
        spec.onProgress({ elapsedS, durationS: spec.durationS, sent: p.sent, completed: p.completed, errors: p.errors, achievedRate: elapsedS > 0 ? p.completed / elapsedS : 0, p99Us: p.p99Us });
      }, 1000);
      let exit: K6Exit;
      try {
        exit = await k6.exited;
      } finally {
        clearInterval(ticker);
        clearTimeout(deadline);
        spec.signal?.removeEventListener('abort', onAbort);
      }
      await tail.finish();
      if (!options.keepRawOutput) rmSync(plan.outputFile, { force: true });

      if (!exit.stoppedBy && !k6RanToEnd(exit.code)) throw k6Failed(exit, logFile);
      const notes = [`k6 log, summary and codes file: ${workDir}`];
      if (exit.stoppedBy === 'deadline') notes.push(`k6 ran past the step's deadline and was stopped: what it measured until then is kept`);
      if (tail.truncated) notes.push("k6's JSON output ended mid-stream (k6 was killed): the requests before that are kept");
      return k6StepMeasurement(agg.finish(), { intendedRate: spec.rate, plannedDurationS: spec.durationS, aborted: exit.stoppedBy !== undefined, maxVus: vus.maxVUs, notes });
    },
  };
}

function k6Failed(exit: K6Exit, logFile: string): UserError {
  const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}${K6_EXIT_NAMES[exit.code ?? -1] ? ` (${K6_EXIT_NAMES[exit.code ?? -1]})` : ''}`;
  return new UserError(`k6 run failed, ${how}: ${oneLine(lastLogLines(logFile, 0, 6))} (log: ${logFile})`);
}
