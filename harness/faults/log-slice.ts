// Reads what a service appended to its log between two offsets (e.g. nginx's error lines while an upstream was down).
import fs from 'node:fs';

/** Current size of a log file (0 when it does not exist yet). */
export function logSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Lines written in [from, to) bytes of `file`. */
export function logLines(file: string, from: number, to: number): string[] {
  if (!(to > from)) return [];
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(to - from);
    const n = fs.readSync(fd, buf, 0, buf.length, from);
    return buf.subarray(0, n).toString('utf8').split('\n').filter(Boolean);
  } finally {
    fs.closeSync(fd);
  }
}
