// Refuses to send load to anything but loopback (127.0.0.0/8, ::1) unless the user opted in with --allow-remote.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { UserError } from '../errors/user-error.ts';

export function isLoopbackAddress(addr: string): boolean {
  const a = addr.replace(/^\[|\]$/g, '');
  if (isIP(a) === 4) return a.startsWith('127.');
  if (isIP(a) === 6) {
    if (a === '::1' || /^0{0,4}(:0{0,4}){6}:0{0,3}1$/.test(a)) return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
    return mapped ? mapped[1].startsWith('127.') : false;
  }
  return false;
}

/** Resolves the target's host; every address it resolves to must be loopback, else UserError (before any connection). */
export async function assertLoopbackTarget(targetUrl: string, allowRemote: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(targetUrl);
  } catch {
    throw new UserError(`--target "${targetUrl}" is not a URL: use e.g. http://127.0.0.1:3000`);
  }
  if (url.protocol !== 'http:') throw new UserError(`--target must be an http:// URL (got ${url.protocol}); https targets are not supported yet`);
  if (allowRemote) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    if (!isLoopbackAddress(host)) throw refuse(host);
    return url;
  }
  let addrs: { address: string }[];
  try {
    addrs = await lookup(host, { all: true });
  } catch {
    throw new UserError(`--target host "${host}" does not resolve; check the URL`);
  }
  const bad = addrs.find((a) => !isLoopbackAddress(a.address));
  if (bad || addrs.length === 0) throw refuse(`${host} (${bad?.address ?? 'no address'})`);
  return url;
}

function refuse(what: string): UserError {
  return new UserError(
    `refusing to send load to ${what}: it is not a loopback address (127.0.0.0/8, ::1); pass --allow-remote if you own that host and mean it`,
  );
}
