#!/usr/bin/env node
// CI's one summary line, `tests: N passed, N failed[, N skipped]`, counted from vitest's JSON report.
// Usage: node scripts/test-summary.mjs results/test-report.json <exit code of make test>
// A file that failed outside any test (import error, failing beforeAll) counts as one failure; so does a missing or
// unreadable report, and a non-zero exit with nothing failed (vitest or the typecheck crashed).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export function summarize(report, exitCode) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (report && Array.isArray(report.testResults)) {
    for (const file of report.testResults) {
      const tests = Array.isArray(file.assertionResults) ? file.assertionResults : [];
      let failedHere = 0;
      for (const t of tests) {
        if (t.status === 'passed') passed++;
        else if (t.status === 'failed') failedHere++;
        else skipped++; // skipped, pending, todo, disabled
      }
      if (file.status === 'failed' && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
  } else {
    failed = 1;
  }
  if (exitCode !== 0 && failed === 0) failed = 1;
  return `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file = 'results/test-report.json', code = '0'] = process.argv.slice(2);
  let report = null;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    report = null;
  }
  console.log(summarize(report, Number(code)));
}
