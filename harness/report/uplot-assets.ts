// uPlot's own JS and CSS read from node_modules, so the report embeds them and needs no network to draw.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UserError } from '../errors/user-error.ts';

export interface UplotAssets {
  js: string;
  css: string;
  version: string;
}

let cached: UplotAssets | undefined;

export function uplotAssets(): UplotAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  let dist: string;
  try {
    dist = dirname(require.resolve('uplot'));
  } catch {
    throw new UserError("the report needs the 'uplot' package: run 'make install' (npm install) in the scaleladder folder");
  }
  const pkg = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')) as { version: string };
  cached = {
    js: readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(join(dist, 'uPlot.min.css'), 'utf8'),
    version: pkg.version,
  };
  return cached;
}
