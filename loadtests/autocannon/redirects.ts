// autocannon scenario: redirects only (GET /:code over Zipf popularity), the hot path's ceiling, against any URL.
import { runScenario } from './scenario-cli.ts';

process.exitCode = await runScenario('redirects', { readWriteRatio: Infinity, unknownShare: 0, metadataShare: 0 });
