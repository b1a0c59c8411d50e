// Listens to bench events and writes a live progress line per step on stderr (rewritten in place on a TTY).
import type { BenchEvents } from '../bench/run-bench.ts';
import { ms, percent, rate } from '../render/format-units.ts';

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): BenchEvents {
  const tty = Boolean(stream.isTTY);
  let lastPrint = 0;
  let current = { tier: '', target: 0, index: 0, total: 0 };
  const write = (line: string, final: boolean) => {
    if (tty) stream.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
  return {
    onNotice: (line) => write(line, true),
    onStepStart: (s) => {
      current = { tier: s.tier, target: s.rate, index: s.index, total: s.total };
      lastPrint = 0;
      const label = s.warmup ? 'warm-up (not counted)' : `step ${s.index}/${s.total} tier ${s.tier}`;
      write(`${label}: ${rate(s.rate)} req/s for ${s.durationS} s`, true);
    },
    onProgress: ({ progress: p, warmup }) => {
      const now = Date.now();
      // Non-TTY output (CI logs) gets a line every 2 s instead of a rewrite every second.
      if (!tty && now - lastPrint < 2000) return;
      lastPrint = now;
      const head = warmup ? 'warm-up' : `[${current.index}/${current.total}] ${current.tier}`;
      write(
        `${head}  ${p.elapsedS.toFixed(0)}/${p.durationS} s  rate ${rate(p.achievedRate)}/s (target ${rate(current.target)})  p99 ${ms(p.p99Us)} ms  errors ${p.errors}`,
        false,
      );
    },
    onStepEnd: (s) => {
      const verdict = s.slo.pass ? 'SLO pass' : `SLO FAIL (${s.slo.reasons.join(', ')})`;
      write(
        `[${current.index}/${current.total}] ${s.tier} done: ${rate(s.achievedRate)}/s, p99 ${ms(s.latencyUs.p99)} ms, errors ${percent(s.errorRate)}, ${verdict}${s.loadgenBound ? ', GENERATOR-BOUND' : ''}`,
        true,
      );
    },
  };
}
