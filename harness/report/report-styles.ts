// The report's own CSS (uPlot's stylesheet is inlined separately).
export const REPORT_CSS = `
:root { --fg: #1d2327; --muted: #687078; --line: #dcdfe3; --good: #1e7b34; --bad: #b42318; --warn: #a15c00; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0; padding: 24px 32px 64px; max-width: 1500px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 8px; }
p { margin: 6px 0; }
code { font-size: 12px; background: #f3f4f6; padding: 1px 4px; border-radius: 3px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
nav a { margin-right: 14px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 18px 28px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: #fff; min-width: 0; }
.card h3 { margin-top: 0; }
.chart { width: 100%; min-height: 120px; }
.badge { display: inline-block; font-size: 11px; padding: 1px 7px; border-radius: 10px; background: #eef0f2; color: var(--fg); white-space: nowrap; }
.badge.good { background: #e3f4e6; color: var(--good); }
.badge.bad { background: #fde8e6; color: var(--bad); }
.badge.warn { background: #fff1d6; color: var(--warn); }
.badge.emulated { background: #e8e6fd; color: #3a2fa3; }
table.data { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.data th { background: #f6f7f8; font-weight: 600; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data td.better { color: var(--good); } table.data td.worse { color: var(--bad); }
.num-strong { font-weight: 600; font-variant-numeric: tabular-nums; }
table.validate { table-layout: fixed; }
table.validate th:nth-child(1) { width: 21%; } table.validate th:nth-child(2) { width: 12%; }
table.validate th:nth-child(3) { width: 22%; } table.validate th:nth-child(4) { width: 21%; }
table.kv th { text-align: left; padding-right: 12px; font-weight: 600; vertical-align: top; }
ul.warnings li { color: var(--warn); }
details { margin: 6px 0 12px; }
summary { cursor: pointer; color: var(--muted); }
.run-meta { margin: 4px 0 10px; }
.run-meta span { margin-right: 12px; }
`;
