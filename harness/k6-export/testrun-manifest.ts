// The k6-operator objects of one distributed run: a ConfigMap with the bundled script and a TestRun pointing at it.

/** Where k6-operator mounts a ConfigMap script source in every runner pod. */
export const K6_OPERATOR_SCRIPT_DIR = '/test';
/** ConfigMap objects cannot exceed 1 MiB. */
export const CONFIGMAP_LIMIT_BYTES = 1_048_576;

export interface TestRunInput {
  name: string;
  namespace?: string;
  parallelism: number;
  /** ConfigMap key → file text. */
  files: Record<string, string>;
  entry: string;
  /** The script's -e variables. */
  vars: Record<string, string>;
  image: string;
}

/** A Kubernetes object name (DNS-1123: lowercase letters, digits, '-'; at most `max` characters). */
export function k8sName(text: string, max = 52): string {
  const n = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return n === '' ? 'scaleladder' : n;
}

/** `-e K=V …` as one string (k6-operator's `spec.arguments`); values are checked to hold no whitespace or quotes. */
export function k6Arguments(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([k, v]) => `-e ${k}=${v}`)
    .join(' ');
}

export function testRunObjects(i: TestRunInput): { configMap: Record<string, unknown>; testRun: Record<string, unknown> } {
  const labels = { 'app.kubernetes.io/part-of': 'scaleladder', 'app.kubernetes.io/name': i.name };
  const meta = (name: string) => ({ name, ...(i.namespace ? { namespace: i.namespace } : {}), labels });
  const configMapName = `${i.name}-script`;
  return {
    configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(configMapName), data: i.files },
    testRun: {
      apiVersion: 'k6.io/v1alpha1',
      kind: 'TestRun',
      metadata: meta(i.name),
      spec: {
        parallelism: i.parallelism,
        script: { configMap: { name: configMapName, file: i.entry } },
        arguments: k6Arguments(i.vars),
        runner: { image: i.image, env: [{ name: 'K6_NO_USAGE_REPORT', value: 'true' }] },
      },
    },
  };
}
