// autocannon scenario: creates only (POST /api/links), the write path's ceiling, against any URL.
import { runScenario } from './scenario-cli.ts';

process.exitCode = await runScenario('creates', { readWriteRatio: 0 });
