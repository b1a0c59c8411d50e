// Reads a child's log file as it grows, line by line, for readiness matching and for error messages.
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Follows one log file from a byte offset (the size it had when the child was spawned). */
export class LogFollower {
  #fd: number | null;
  #position: number;
  #decoder = new StringDecoder('utf8');
  #partial = '';
  readonly #buffer = Buffer.alloc(64 * 1024);

  constructor(path: string, fromOffset: number) {
    this.#fd = fs.openSync(path, 'r');
    this.#position = fromOffset;
  }

  /** Complete lines written since the last call (the unterminated tail waits for its newline, or for `flush`). */
  poll(): string[] {
    if (this.#fd === null) return [];
    let text = '';
    for (;;) {
      const n = fs.readSync(this.#fd, this.#buffer, 0, this.#buffer.length, this.#position);
      if (n <= 0) break;
      this.#position += n;
      text += this.#decoder.write(this.#buffer.subarray(0, n));
    }
    if (text === '') return [];
    const parts = (this.#partial + text).split(/\r?\n/);
    this.#partial = parts.pop() ?? '';
    return parts;
  }

  /** Everything left, including an unterminated last line; then closes the file. */
  flush(): string[] {
    const lines = this.poll();
    const rest = this.#partial + this.#decoder.end();
    this.#partial = '';
    if (rest !== '') lines.push(rest);
    this.close();
    return lines;
  }

  close(): void {
    if (this.#fd !== null) fs.closeSync(this.#fd);
    this.#fd = null;
  }
}

/** The last `count` non-empty lines the child wrote (reading at most the last 16 KiB after `fromOffset`). */
export function lastLogLines(path: string, fromOffset: number, count = 5): string[] {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch {
    return [];
  }
  try {
    const size = fs.fstatSync(fd).size;
    const start = Math.max(fromOffset, size - 16 * 1024);
    const buf = Buffer.alloc(Math.max(0, size - start));
    fs.readSync(fd, buf, 0, buf.length, start);
    return buf
      .toString('utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .slice(-count);
  } finally {
    fs.closeSync(fd);
  }
}

/** Log lines squeezed into one line for a UserError message. */
export function oneLine(lines: string[], maxChars = 600): string {
  if (lines.length === 0) return '(log empty)';
  const joined = lines.map((l) => (l.length > 200 ? `${l.slice(0, 197)}...` : l)).join(' | ');
  return joined.length > maxChars ? `...${joined.slice(joined.length - maxChars + 3)}` : joined;
}
