// RFC 8941 §4.2.2 Dictionary parser, enough for CDN-Cache-Control (RFC 9213 §2.1): returns null on any syntax error.

export type BareItem = number | string | boolean | { token: string } | { bytes: string };
export interface DictMember {
  /** A bare item, or an inner list of items. */
  value: BareItem | BareItem[];
  /** True when the value is an Integer (not a Decimal). */
  integer: boolean;
  params: Map<string, BareItem>;
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}
  peek(): string {
    return this.s[this.i] ?? '';
  }
  ows(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
  }
  key(): string | null {
    const m = /^[a-z*][a-z0-9_\-.*]*/.exec(this.s.slice(this.i));
    if (m === null) return null;
    this.i += m[0].length;
    return m[0];
  }
  bareItem(): { item: BareItem; integer: boolean } | null {
    const c = this.peek();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (c === '"') {
      let out = '';
      for (this.i++; this.i < this.s.length; this.i++) {
        const ch = this.s[this.i];
        if (ch === '\\') {
          const next = this.s[++this.i];
          if (next !== '"' && next !== '\\') return null;
          out += next;
        } else if (ch === '"') {
          this.i++;
          return { item: out, integer: false };
        } else if (ch < ' ' || ch > '~') return null;
        else out += ch;
      }
      return null;
    }
    if (c === ':') {
      const end = this.s.indexOf(':', this.i + 1);
      if (end < 0) return null;
      const b = this.s.slice(this.i + 1, end);
      if (!/^[A-Za-z0-9+/=]*$/.test(b)) return null;
      this.i = end + 1;
      return { item: { bytes: b }, integer: false };
    }
    if (c === '?') {
      const v = this.s[this.i + 1];
      if (v !== '0' && v !== '1') return null;
      this.i += 2;
      return { item: v === '1', integer: false };
    }
    const m = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*/.exec(this.s.slice(this.i));
    if (m === null) return null;
    this.i += m[0].length;
    return { item: { token: m[0] }, integer: false };
  }
  number(): { item: number; integer: boolean } | null {
    const m = /^-?[0-9]+(\.[0-9]+)?/.exec(this.s.slice(this.i));
    if (m === null) return null;
    const [text, frac] = [m[0], m[1]];
    const intDigits = text.replace('-', '').split('.')[0].length;
    if (frac === undefined ? intDigits > 15 : intDigits > 12 || frac.length > 4) return null;
    if (frac === undefined && this.s[this.i + text.length] === '.') return null;
    this.i += text.length;
    return { item: Number(text), integer: frac === undefined };
  }
  params(): Map<string, BareItem> | null {
    const params = new Map<string, BareItem>();
    while (this.peek() === ';') {
      this.i++;
      while (this.peek() === ' ') this.i++;
      const k = this.key();
      if (k === null) return null;
      let v: BareItem = true;
      if (this.peek() === '=') {
        this.i++;
        const b = this.bareItem();
        if (b === null) return null;
        v = b.item;
      }
      params.set(k, v);
    }
    return params;
  }
  member(): DictMember | null {
    if (this.peek() === '(') {
      this.i++;
      const items: BareItem[] = [];
      for (;;) {
        while (this.peek() === ' ') this.i++;
        if (this.peek() === ')') {
          this.i++;
          break;
        }
        const b = this.bareItem();
        if (b === null || this.params() === null) return null;
        items.push(b.item);
        const c = this.peek();
        if (c !== ' ' && c !== ')') return null;
      }
      const params = this.params();
      return params === null ? null : { value: items, integer: false, params };
    }
    const b = this.bareItem();
    if (b === null) return null;
    const params = this.params();
    return params === null ? null : { value: b.item, integer: b.integer, params };
  }
}

/** Parses a Dictionary field (several field lines are joined with ","). Later duplicate keys overwrite earlier ones. */
export function parseDictionary(field: string | string[]): Map<string, DictMember> | null {
  const p = new Parser((Array.isArray(field) ? field.join(',') : field).replace(/^[ ]+|[ ]+$/g, ''));
  const out = new Map<string, DictMember>();
  if (p.s.length === 0) return out;
  for (;;) {
    const k = p.key();
    if (k === null) return null;
    let member: DictMember | null;
    if (p.peek() === '=') {
      p.i++;
      member = p.member();
    } else {
      const params = p.params();
      member = params === null ? null : { value: true, integer: false, params };
    }
    if (member === null) return null;
    out.set(k, member);
    p.ows();
    if (p.i >= p.s.length) return out;
    if (p.peek() !== ',') return null;
    p.i++;
    p.ows();
    if (p.i >= p.s.length) return null;
  }
}
