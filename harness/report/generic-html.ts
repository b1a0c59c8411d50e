// Renders any plain JSON-like value as escaped HTML: arrays of records as tables, records as key/value lists, the rest as text.

const MAX_DEPTH = 4;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalar(v: unknown, esc: (s: unknown) => string): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return esc(Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 4 }));
  return esc(v);
}

export function genericHtml(value: unknown, esc: (s: unknown) => string, depth = 0): string {
  if (depth > MAX_DEPTH) return `<code>${esc(JSON.stringify(value))}</code>`;
  if (typeof value === 'string' && value.includes('\n')) return `<pre>${esc(value)}</pre>`;
  if (!isRecord(value) && !Array.isArray(value)) return scalar(value, esc);
  if (Array.isArray(value)) {
    if (value.length === 0) return '<span class="muted">none</span>';
    if (value.every(isRecord)) {
      const keys = [...new Set(value.flatMap((r) => Object.keys(r)))];
      const head = keys.map((k) => `<th>${esc(k)}</th>`).join('');
      const rows = value.map((r) => `<tr>${keys.map((k) => `<td>${genericHtml(r[k], esc, depth + 1)}</td>`).join('')}</tr>`).join('');
      return `<table class="data generic"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
    return `<ul>${value.map((v) => `<li>${genericHtml(v, esc, depth + 1)}</li>`).join('')}</ul>`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '<span class="muted">—</span>';
  return `<table class="kv">${entries.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${genericHtml(v, esc, depth + 1)}</td></tr>`).join('')}</table>`;
}
