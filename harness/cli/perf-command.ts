// `scaleladder perf` (make perf): each speed benchmark as its own process under the supervisor, one after another,
// its numbers echoed as they come; Ctrl-C, SIGTERM or a crash stops the running section and all it started.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors/user-error.ts';
import { nodeTsCommand, PROJECT_ROOT } from '../services/node-ts-command.ts';
import { LogFollower } from '../supervisor/log-follower.ts';
import { installShutdownHandlers } from '../supervisor/shutdown.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import { Supervisor } from '../supervisor/supervisor.ts';
import { Wait } from '../supervisor/wait.ts';
import { setCommandExitCode } from './command-exit.ts';
import { durationS, typedOption } from './flag-parsers.ts';

interface Section {
  name: string;
  script: string;
  what: string;
  /** The section takes `--duration <s>` (the length of each measured run). */
  timed: boolean;
}

const SECTIONS: Section[] = [
  { name: 'seed', script: 'harness/perf/seed-perf.ts', what: 'seeding rate (goal: 1M links well under 10 s)', timed: false },
  { name: 'driver', script: 'harness/perf/driver-perf.ts', what: 'open-model driver ceiling on one core, autocannon for reference', timed: true },
  { name: 'redirect', script: 'harness/perf/redirect-perf.ts', what: 'stage-1 redirect path vs bare Express vs node:http + SQLite floor, and the app on PostgreSQL with clicks per redirect and written behind (app and server CPU-ms per redirect)', timed: true },
  { name: 'cdn', script: 'harness/perf/cdn-perf.ts', what: 'CDN emulator CPU-ms per cache hit vs nginx proxy_cache and a node:http floor (goal: <= 1.0x nginx)', timed: true },
  { name: 'scale-model', script: 'harness/perf/scale-model-perf.ts', what: 'scale model overhead on the redirect path: cgroup accounting vs unconstrained, emulated hops vs none (goal: under 5 % each)', timed: true },
  { name: 'shard-write', script: 'harness/perf/shard-write-perf.ts', what: 'write throughput with K = 1, 2, 4 SQLite shards; write-behind vs synchronous clicks', timed: true },
  { name: 'shard-write-pg', script: 'harness/perf/shard-write-perf-pg.ts', what: 'write throughput with K = 1, 2, 4 PostgreSQL shard servers (writer and server CPU per write)', timed: true },
];

/** A section's longest run before it is stopped and counted as failed. */
const SECTION_TIMEOUT_MS = 10 * 60_000;
/** SIGTERM to a section, then this long for it to stop its own services before SIGKILL (under shutdown's 20 s). */
const SECTION_STOP_GRACE_MS = 15_000;

export function registerPerf(program: Command): void {
  program
    .command('perf')
    .description('speed benchmarks that print numbers (make perf): each section its own process, nothing left running after it')
    .option('--only <sections>', `comma list of sections to run (default: all): ${SECTIONS.map((s) => s.name).join(', ')}`)
    .addOption(typedOption('--duration <d>', "length of each measured run of the timed sections, e.g. 1s (default: each section's own)", durationS))
    .action(async (flags: { only?: string; duration?: number }) => {
      const sections = chooseSections(flags.only);
      const supervisor = new Supervisor({ runDir: mkdtempSync(join(tmpdir(), 'scaleladder-perf-')) });
      let running = '';
      let interrupted = false;
      const uninstall = installShutdownHandlers(async (reason) => {
        interrupted = true;
        await supervisor.stopAll();
        process.stdout.write(`\nperf interrupted (${reason})${running ? ` during ${running}` : ''}: every process it started is stopped; logs in ${supervisor.logsDir}\n`);
      });
      try {
        let failed = 0;
        for (const s of sections) {
          running = s.name;
          process.stdout.write(`\n=== ${s.script}: ${s.what}\n`);
          const args = s.timed && flags.duration !== undefined ? ['--duration', String(flags.duration)] : [];
          const exit = await runSection(supervisor, s, args);
          if (interrupted) return; // the shutdown handler reports and exits
          if (exit !== 0) {
            process.stdout.write(`${s.script} failed (exit ${exit}); its log: ${join(supervisor.logsDir, `perf-${s.name}.log`)}\n`);
            failed++;
          }
        }
        running = '';
        setCommandExitCode(failed ? 1 : 0);
        await supervisor.stopAll();
        if (!failed) rmSync(supervisor.runDir, { recursive: true, force: true }); // the logs are kept for a failure
      } finally {
        await supervisor.stopAll();
        uninstall();
      }
    });
}

function chooseSections(only: string | undefined): Section[] {
  if (only === undefined) return SECTIONS;
  const names = only.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length || !names.length) throw new UserError(`--only takes sections from ${SECTIONS.map((s) => s.name).join(', ')} (got "${only}")`);
  return SECTIONS.filter((s) => names.includes(s.name));
}

/** Runs one section to its end under the supervisor, echoing its output; its exit code or signal. */
async function runSection(supervisor: Supervisor, s: Section, args: string[]): Promise<number | string> {
  const cmd = nodeTsCommand(s.script, args);
  let svc: StartedService;
  try {
    svc = await supervisor.start({ name: `perf-${s.name}`, role: 'loadgen', ...cmd, cwd: PROJECT_ROOT, ready: Wait.running(), stopGraceMs: SECTION_STOP_GRACE_MS });
  } catch (e) {
    process.stdout.write(`${(e as Error).message}\n`);
    return 'before it ran';
  }
  const log = new LogFollower(svc.logFile, 0);
  const echo = (lines: string[]) => {
    for (const line of lines) if (!line.startsWith('# scaleladder ')) process.stdout.write(`${line}\n`);
  };
  const pump = setInterval(() => echo(log.poll()), 200);
  const timer = setTimeout(() => {
    process.stdout.write(`${s.script}: still running after ${SECTION_TIMEOUT_MS / 60_000} min; stopping it\n`);
    void svc.stop();
  }, SECTION_TIMEOUT_MS);
  try {
    const { code, signal } = await svc.exited;
    await svc.stop(); // whatever the section left in its group
    return code ?? signal ?? 'unknown';
  } finally {
    clearInterval(pump);
    clearTimeout(timer);
    echo(log.flush());
  }
}
