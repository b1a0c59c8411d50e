// Escaping for everything the report inserts: text and attributes, and JSON placed inside a <script> element.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value → safe HTML (any input; null/undefined become ''). */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** JSON that cannot close its <script> element or start a comment: <, >, & and the JS line separators escaped. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Script source safe to inline: a literal "</script" (only possible inside strings or regexes) becomes "<\/script". */
export function inlineScript(source: string): string {
  return source.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
}

/** Style source safe to inline. */
export function inlineStyle(source: string): string {
  return source.replace(/<\/style/gi, '<\\/style');
}
