// Versions of the system tools a stage can use, read from the tools themselves (null when not installed).
import { execFileSync } from 'node:child_process';

const PROBES: Record<string, { args: string; pattern: RegExp }> = {
  'redis-server': { args: '--version', pattern: /v=(\S+)/ },
  nginx: { args: '-v', pattern: /nginx\/(\S+)/ },
  haproxy: { args: '-v', pattern: /version (\S+)/ },
  k6: { args: 'version', pattern: /k6 v?(\S+)/ },
  chromium: { args: '--version', pattern: /Chromium (\S+)/ },
  taskset: { args: '--version', pattern: /(\d+\.\d+(?:\.\d+)?)/ },
};

/** The tool's version; stderr is read too, since `nginx -v` prints there. null when the tool is missing. */
export function toolVersion(tool: string): string | null {
  const probe = PROBES[tool];
  if (!probe) return null;
  try {
    const out = execFileSync('sh', ['-c', `command -v ${tool} >/dev/null 2>&1 && ${tool} ${probe.args} 2>&1`], {
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
    return out.toString().match(probe.pattern)?.[1] ?? 'unknown';
  } catch {
    return null;
  }
}

export function toolVersions(tools: string[]): Record<string, string | null> {
  return Object.fromEntries(tools.map((t) => [t, toolVersion(t)]));
}
