// autocannon scenario: the default workload mix (Zipf redirects, 100:1 reads to creates, 1 % unknown codes) against any URL.
import { runScenario } from './scenario-cli.ts';

process.exitCode = await runScenario('mixed', {});
