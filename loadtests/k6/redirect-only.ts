// k6 scenario: GET /:code of the seeded codes only, Zipf-popular, at one tier's arrival rate.
// Run: k6 run -e BASE_URL=http://127.0.0.1:8080 -e TIER=10k -e CODES_FILE=/abs/codes.txt loadtests/k6/redirect-only.ts
import { defineScenario } from './lib/define-scenario.ts';

const scenario = defineScenario('redirect-only', {
  env: __ENV,
  readFile: (path) => open(path),
  // Relative to this entry script (its own folder), so it reads loadtests/tiers.json.
  defaultTiers: () => open('../tiers.json'),
});

export const options = scenario.options;
export const setup = scenario.setup;
export const handleSummary = scenario.handleSummary;
export default scenario.iteration;
