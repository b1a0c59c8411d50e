// The report shows the same cost definition as the ladder and plan: the marginal CPU-ms per client request and the idle baseline apart.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../harness/report/render-report.ts';
import { costStep } from './helpers/cost-steps.ts';
import { syntheticRun } from '../helpers/synthetic-result.ts';

describe('report cost', () => {
  it('given an app at 0.112 CPU-ms/req with 0.015 cores idle, then the run section shows 0.112 and 0.015, not the 0.487 of the 40 req/s step', () => {
    const r = syntheticRun({ stage: 1, steps: [] });
    r.steps = [40, 400, 4000].map((rate) => costStep(rate, [{ name: 'app-1', role: 'app', ms: 0.112, idle: 0.015 }]));
    const html = renderReport({ results: [r] });
    const table = html.slice(html.indexOf('Cost per request (marginal)'));
    expect(table).toMatch(/<td>role<\/td><td>app<\/td><td class="num">0\.112<\/td><td class="num">0\.015<\/td><td class="small">slope over 3 unsaturated steps/);
  });
});
