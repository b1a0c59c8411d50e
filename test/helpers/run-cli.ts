// Test helper: runs the real CLI (`node bin/scaleladder.mjs …`) in a child process and collects exit code and output.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(process.cwd(), 'bin/scaleladder.mjs');

export interface CliRun {
  child: ChildProcess;
  /** Output so far (grows while the child runs). */
  out: { stdout: string; stderr: string };
  /** Resolves when the child exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts the CLI with args; stdin ignored, stdout and stderr collected. */
export function startCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', ...opts.env },
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => (out.stdout += d));
  child.stderr!.on('data', (d) => (out.stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, ...out })),
  );
  return { child, out, exited };
}

/** Runs the CLI to completion. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return startCli(args, opts).exited;
}

/** Resolves once `test` matches the stream's text so far (rejects after timeoutMs). */
export function waitForOutput(run: CliRun, stream: 'stdout' | 'stderr', test: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const poll = setInterval(() => {
      const m = test.exec(run.out[stream]);
      if (m) {
        clearInterval(poll);
        resolve(m);
      } else if (Date.now() - t0 > timeoutMs || run.child.exitCode !== null) {
        clearInterval(poll);
        reject(new Error(`no ${test} on ${stream} (exit ${run.child.exitCode}); stdout: ${run.out.stdout.slice(-500)} stderr: ${run.out.stderr.slice(-1000)}`));
      }
    }, 50);
  });
}
