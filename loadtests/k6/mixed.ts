// k6 scenario: the harness's whole workload mix (redirects, creates, unknown codes, metadata reads) at one tier's arrival rate.
// Run: k6 run -e BASE_URL=http://127.0.0.1:8080 -e TIER=10k -e CODES_FILE=/abs/codes.txt loadtests/k6/mixed.ts
import { defineScenario } from './lib/define-scenario.ts';

const scenario = defineScenario('mixed', {
  env: __ENV,
  readFile: (path) => open(path),
  // Relative to this entry script (its own folder), so it reads loadtests/tiers.json.
  defaultTiers: () => open('../tiers.json'),
});

export const options = scenario.options;
export const setup = scenario.setup;
export const handleSummary = scenario.handleSummary;
export default scenario.iteration;
