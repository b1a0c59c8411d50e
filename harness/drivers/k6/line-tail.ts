// Follows a file another process is still writing (k6's JSON output, gzipped or not) and hands over complete lines.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, type Gunzip } from 'node:zlib';

const CHUNK = 1 << 20;

/** `pump()` reads what was appended since the last call; `finish()` reads the rest and flushes the last line. */
export class LineTail {
  private offset = 0;
  private fd: number | undefined;
  private carry = '';
  private readonly decoder = new StringDecoder('utf8');
  private readonly gunzip: Gunzip | undefined;
  private gunzipDone: Promise<void> = Promise.resolve();
  /** Set when a gzip stream ended early (k6 killed mid-write): what came before is kept. */
  truncated = false;

  constructor(
    private readonly path: string,
    private readonly onLine: (line: string) => void,
  ) {
    if (path.endsWith('.gz')) {
      const gz = createGunzip();
      this.gunzip = gz;
      gz.on('data', (b: Buffer) => this.text(this.decoder.write(b)));
      this.gunzipDone = new Promise((resolve) => {
        gz.on('end', resolve);
        gz.on('error', () => {
          this.truncated = true;
          resolve();
        });
      });
    }
  }

  private text(s: string): void {
    const parts = (this.carry + s).split('\n');
    this.carry = parts.pop() ?? '';
    for (const p of parts) this.onLine(p);
  }

  /** Reads everything appended so far (nothing when the file does not exist yet). */
  pump(): void {
    if (this.fd === undefined) {
      if (!existsSync(this.path)) return;
      this.fd = openSync(this.path, 'r');
    }
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(this.fd, buf, 0, CHUNK, this.offset);
      if (n <= 0) return;
      this.offset += n;
      const chunk = Buffer.from(buf.subarray(0, n));
      if (this.gunzip) this.gunzip.write(chunk);
      else this.text(this.decoder.write(chunk));
    }
  }

  /** Once the writer has exited: the rest of the file, the last unterminated line, and the file closed. */
  async finish(): Promise<void> {
    this.pump();
    if (this.gunzip) {
      this.gunzip.end();
      await this.gunzipDone;
    }
    this.text(this.decoder.end());
    if (this.carry !== '') this.onLine(this.carry);
    this.carry = '';
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
