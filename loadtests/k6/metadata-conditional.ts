// k6 scenario: GET /api/links/:code only, revalidated with If-None-Match once the ETag is known (expects 304s).
// Run: k6 run -e BASE_URL=http://127.0.0.1:8080 -e TIER=10k -e CODES_FILE=/abs/codes.txt loadtests/k6/metadata-conditional.ts
import { defineScenario } from './lib/define-scenario.ts';

const scenario = defineScenario('metadata-conditional', {
  env: __ENV,
  readFile: (path) => open(path),
  // Relative to this entry script (its own folder), so it reads loadtests/tiers.json.
  defaultTiers: () => open('../tiers.json'),
});

export const options = scenario.options;
export const setup = scenario.setup;
export const handleSummary = scenario.handleSummary;
export default scenario.iteration;
