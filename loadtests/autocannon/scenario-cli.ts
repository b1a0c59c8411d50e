// Shared command line of the autocannon scenario scripts: options, codes, the run (via the autocannon driver), output.
import { parseArgs } from 'node:util';
import { isUserError, UserError } from '../../harness/errors/user-error.ts';
import { runAutocannonStep } from '../../harness/drivers/autocannon/autocannon-driver.ts';
import { encodeHistogram, summarize } from '../../harness/measure/histogram.ts';
import { normalizeWorkload, type WorkloadConfig } from '../workload/workload-config.ts';
import { createLinks, readCodesFile } from './codes-source.ts';
import { renderSummary } from './render-summary.ts';

const USAGE = (name: string) => `usage: node --import tsx loadtests/autocannon/${name}.ts --url URL [options]

  --url URL          target base URL (required); only loopback unless --allow-remote
  --codes FILE       codes to ask for, one per line, most popular first
  --links N          without --codes: create N links through POST /api/links first (default 1000)
  --rate R           drive a user tier's rate (req/s; autocannon overallRate: closed model, rate-limited,
                     coordinated omission possible); without it, a maximum-throughput probe
  -c, --connections  concurrent connections (default 50)
  -d, --duration     seconds (default 10)
  --timeout S        per-request timeout in seconds (default 10)
  --skew S           Zipf skew of popularity (default 1.0)
  --seed N           seed of the request sequence (default 1)
  --json             print the result as JSON (histograms as HdrHistogram base64) instead of a table
  --allow-remote     allow a non-loopback target`;

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Runs one scenario: `workload` holds what the scenario fixes (e.g. writes only), the command line the rest. */
export async function runScenario(name: string, workload: Partial<WorkloadConfig>, argv = process.argv.slice(2)): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        codes: { type: 'string' },
        links: { type: 'string', default: '1000' },
        rate: { type: 'string' },
        connections: { type: 'string', short: 'c', default: '50' },
        duration: { type: 'string', short: 'd', default: '10' },
        timeout: { type: 'string', default: '10' },
        skew: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
        'allow-remote': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(`${USAGE(name)}\n`);
      return 0;
    }
    if (!values.url) throw new UserError(`--url is required\n${USAGE(name)}`);
    let url: URL;
    try {
      url = new URL(values.url);
    } catch {
      throw new UserError(`--url ${values.url} is not a URL: give e.g. http://127.0.0.1:3000`);
    }
    if (!isLoopback(url.hostname) && !values['allow-remote']) {
      throw new UserError(`refusing to send load to ${url.host}, which is not loopback: add --allow-remote if you mean it`);
    }
    const num = (flag: string, v: string, min: number) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < min) throw new UserError(`--${flag} must be a number >= ${min} (got ${v})`);
      return n;
    };
    const connections = Math.round(num('connections', values.connections, 1));
    const durationS = num('duration', values.duration, 0.1);
    let config: WorkloadConfig;
    try {
      config = normalizeWorkload({
        ...workload,
        ...(values.skew !== undefined ? { zipfSkew: num('skew', values.skew, 0) } : {}),
        ...(values.seed !== undefined ? { seed: num('seed', values.seed, 0) } : {}),
      });
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    const codes = values.codes
      ? readCodesFile(values.codes)
      : await createLinks(values.url, Math.round(num('links', values.links, 1)));

    const progress = (p: { elapsedS: number; sent: number; achievedRate: number; p99Us: number; errors: number }) =>
      process.stderr.write(
        `[${name}] ${p.elapsedS.toFixed(0)}/${durationS} s  sent ${p.sent}  ${p.achievedRate.toFixed(0)} req/s  ` +
          `p99 ${(p.p99Us / 1000).toFixed(2)} ms  errors ${p.errors}\n`,
      );
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    const rate = values.rate === undefined ? 0 : num('rate', values.rate, 1);
    const m = await runAutocannonStep({
      baseUrl: values.url,
      rate,
      durationS,
      connections,
      workload: config,
      codes,
      timeoutMs: num('timeout', values.timeout, 0.001) * 1000,
      threads: 1,
      streamId: 0,
      signal: ac.signal,
      onProgress: progress,
    }, { max: rate === 0 });
    process.off('SIGINT', onSigint);
    if (values.json) {
      const out = {
        scenario: name,
        target: values.url,
        model: m.model,
        connections,
        durationS: m.durationS,
        sent: m.sent,
        completed: m.completed,
        achievedRate: m.achievedRate,
        statusCounts: m.statusCounts,
        errors: m.errors,
        latencyUs: summarize(m.latency),
        histogram: encodeHistogram(m.latency),
        byEndpoint: Object.fromEntries(Object.entries(m.byEndpoint).map(([k, h]) => [k, { latencyUs: summarize(h), histogram: encodeHistogram(h) }])),
        aborted: m.aborted,
        notes: m.notes,
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      process.stdout.write(`${renderSummary(name, values.url, connections, m)}\n`);
    }
    return m.aborted ? 130 : 0;
  } catch (e) {
    if (isUserError(e) || (e as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      process.stderr.write(`${name}: ${(e as Error).message}\n`);
      return isUserError(e) ? e.exitCode : 2;
    }
    throw e;
  }
}
