// The commit and dirty flag of the checkout a result was measured from (null outside a git checkout).
import { execFileSync } from 'node:child_process';

export interface GitInfo {
  commit: string | null;
  dirty: boolean | null;
}

export function gitInfo(cwd = process.cwd()): GitInfo {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return { commit, dirty: status.length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}
