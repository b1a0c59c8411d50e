// A TypeScript entry point bundled once with esbuild and reused while its sources are unchanged: a process started
// through tsx spends ~0.6 CPU-s on tsx's loader alone and more on resolving every module (~1.2 CPU-s per app start,
// ~2 per CLI start, measured on the 2-core VM); the bundle starts in a fraction of that. Plain JS: it runs before tsx.
//
// The bundle lives in .cache/prebuilt/<entry>/ inside the project (so its package imports resolve from node_modules);
// manifest.json lists every bundled source with its mtime and size, and any change rebuilds on the next start. Each
// module keeps its own import.meta.url (the source file's), so files it reads next to itself are found as before.
// Whenever no fresh bundle can be had (SCALELADDER_NO_PREBUILT=1, esbuild missing, another process building, a build
// error) the caller runs the sources through tsx as before: slower, never different.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Bump when the build options below change: every bundle is rebuilt. */
const BUILD_VERSION = 1;
/** A lock older than this is left over from a killed build. */
const STALE_LOCK_MS = 60_000;
/** Older builds made longer ago than this are removed (a process started from a recent one may still load its chunks). */
const KEEP_OLD_BUILDS_MS = 6 * 3600_000;

/**
 * The file URL of a fresh bundle of `entry` (a path relative to the project root, e.g. 'targets/app/server.ts'),
 * building it when a source changed; undefined when the caller should use tsx instead.
 */
export async function prebuilt(entry) {
  if (process.env.SCALELADDER_NO_PREBUILT === '1') return undefined;
  const dir = join(PROJECT_ROOT, '.cache', 'prebuilt', entry.replace(/[\\/]/g, '__'));
  const fresh = freshBundle(dir, entry);
  if (fresh !== undefined) return fresh;
  try {
    return await buildLocked(dir, entry);
  } catch (err) {
    if (process.env.DEBUG) process.stderr.write(`scaleladder: prebuilding ${entry} failed, using tsx: ${err?.stack ?? err}\n`);
    return undefined;
  }
}

function outFile(dir, out, entry) {
  return join(dir, out, basename(entry).replace(/\.[cm]?ts$/, '.js'));
}

/** The bundle's URL when the manifest matches every source's mtime and size. */
function freshBundle(dir, entry) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest.version !== BUILD_VERSION || manifest.entry !== entry || manifest.node !== process.version) return undefined;
  for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
    try {
      const st = statSync(join(PROJECT_ROOT, file));
      if (st.mtimeMs !== mtimeMs || st.size !== size) return undefined;
    } catch {
      return undefined;
    }
  }
  return pathToFileURL(outFile(dir, manifest.out, entry)).href;
}

/** Builds under a lock file; a process that finds the lock held does not wait (it uses tsx this once). */
async function buildLocked(dir, entry) {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'lock');
  let fd;
  try {
    fd = openSync(lock, 'wx');
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs < STALE_LOCK_MS) return undefined;
      unlinkSync(lock);
      fd = openSync(lock, 'wx');
    } catch {
      return undefined;
    }
  }
  try {
    closeSync(fd);
    return await build(dir, entry);
  } finally {
    rmSync(lock, { force: true });
  }
}

async function build(dir, entry) {
  const { build: esbuild } = await import('esbuild');
  const started = Date.now();
  const out = `b-${started}-${process.pid}`;
  const keepMetaUrl = {
    name: 'keep-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
      });
    },
  };
  const result = await esbuild({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [entry],
    outdir: join(dir, out),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
    plugins: [keepMetaUrl],
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), 'tsconfig.json', 'package.json']) {
    const st = statSync(join(PROJECT_ROOT, file));
    // Changed while it was being bundled: the bundle may hold the old text; no manifest, so the next start rebuilds.
    if (st.mtimeMs >= started) return pathToFileURL(outFile(dir, out, entry)).href;
    inputs[file] = [st.mtimeMs, st.size];
  }
  const manifest = { version: BUILD_VERSION, entry, node: process.version, out, inputs };
  const tmp = join(dir, `manifest.json.tmp-${process.pid}`);
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, join(dir, 'manifest.json'));
  for (const name of readdirSync(dir)) {
    const m = /^b-(\d+)-\d+$/.exec(name);
    if (m && name !== out && Date.now() - Number(m[1]) > KEEP_OLD_BUILDS_MS) rmSync(join(dir, name), { recursive: true, force: true });
  }
  return pathToFileURL(outFile(dir, out, entry)).href;
}
