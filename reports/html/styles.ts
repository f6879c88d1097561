/**
 * The report's stylesheet, inlined so the file works offline. Light and neutral; nothing may make the page wider than
 * the window, down to a 390px phone: long cells wrap, narrow screens stack table rows, wide charts scroll in place.
 */
export const REPORT_CSS = `
:root {
  --fg: #1f2328; --muted: #656d76; --line: #d8dee4; --soft: #f6f8fa; --bg: #ffffff; --page: #f3f4f6;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9;
  --err: #bc4c00; --err-bg: #fff1e5; --skip: #6e7781; --skip-bg: #eaeef2;
  --k-step: #8c959f; --k-fault: #cf222e; --k-detect: #bf8700; --k-resolved: #bf8700; --k-action: #0969da;
  --k-escalate: #8250df; --k-recover: #1a7f37;
  --radius: 8px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 14px; line-height: 1.45; color: var(--fg); background: var(--page);
}
* { box-sizing: border-box; }
body { margin: 0; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
pre { white-space: pre-wrap; word-break: break-word; margin: 6px 0 0; }
.page { max-width: 1200px; margin: 0 auto; padding: 24px 24px 48px; }
.muted, .hint { color: var(--muted); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

.top { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: space-between; margin-bottom: 16px; }
.brand { font-size: 22px; font-weight: 700; letter-spacing: -0.01em; }
.brand .sub { font-weight: 400; color: var(--muted); }
.brand .logo { color: #d4a72c; }
.verdict { font-weight: 600; padding: 6px 14px; border-radius: 999px; font-size: 14px; }
.verdict-passed { background: var(--pass-bg); color: var(--pass); }
.verdict-failed { background: var(--fail-bg); color: var(--fail); }

.overview { background: var(--bg); border: 1px solid var(--line); border-radius: var(--radius); padding: 16px 18px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; }
.card { border-radius: 6px; padding: 10px 14px; background: var(--soft); border-left: 4px solid var(--line); }
.card-value { font-size: 24px; font-weight: 700; font-variant-numeric: tabular-nums; }
.card-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.card-passed { border-left-color: var(--pass); } .card-passed .card-value { color: var(--pass); }
.card-failed { border-left-color: var(--fail); } .card-failed .card-value { color: var(--fail); }
.card-errored { border-left-color: var(--err); } .card-errored .card-value { color: var(--err); }
.card-skipped { border-left-color: var(--skip); } .card-skipped .card-value { color: var(--skip); }
.card.zero .card-value { color: var(--muted); }
.ratio { display: flex; height: 8px; border-radius: 4px; overflow: hidden; margin: 14px 0 12px; background: var(--soft); }
.ratio-passed { background: var(--pass); } .ratio-failed { background: var(--fail); }
.ratio-errored { background: var(--err); } .ratio-skipped { background: #afb8c1; }
.run-meta, .meta { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0; }
.run-meta dt, .meta dt { color: var(--muted); font-size: 12px; }
.run-meta dd, .meta dd { margin: 0; overflow-wrap: anywhere; }

.attention { margin-top: 16px; background: var(--bg); border: 1px solid var(--line); border-left: 4px solid var(--fail);
  border-radius: var(--radius); padding: 10px 18px; }
.attention h2 { font-size: 14px; margin: 0 0 6px; }
.attention-list { margin: 0; padding: 0; list-style: none; }
.attention-list > li + li { margin-top: 8px; }
.attention a { color: var(--fg); font-weight: 600; text-decoration: none; }
.attention a:hover { text-decoration: underline; }
.attention-messages { margin: 4px 0 0; padding-left: 22px; overflow-wrap: anywhere; }
.attention-messages li { margin: 2px 0; }
.attention-messages a.attention-message { color: var(--fail); font-weight: 400; }
.attention-messages code { font-size: 12px; }
.mini { display: inline-block; width: 16px; height: 16px; line-height: 16px; text-align: center; border-radius: 50%;
  font-size: 10px; margin-right: 6px; color: #fff; vertical-align: 1px; }
.mini-failed { background: var(--fail); } .mini-errored { background: var(--err); }

.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 24px 0 10px; }
.toolbar h2 { font-size: 16px; margin: 0 12px 0 0; }
.toolbar .spacer { flex: 1; }
.filters { display: flex; flex-wrap: wrap; gap: 4px; }
button { font: inherit; font-size: 13px; cursor: pointer; border: 1px solid var(--line); background: var(--bg);
  color: var(--fg); border-radius: 6px; padding: 4px 10px; }
button:hover { background: var(--soft); }
button[aria-pressed="true"] { background: var(--fg); color: #fff; border-color: var(--fg); }
button .count { color: var(--muted); font-variant-numeric: tabular-nums; }
button[aria-pressed="true"] .count { color: #d0d7de; }
button.plain { border-color: transparent; background: transparent; color: #0969da; }

.scenario { background: var(--bg); border: 1px solid var(--line); border-radius: var(--radius); margin-bottom: 8px;
  border-left: 4px solid var(--line); }
.scenario.status-passed { border-left-color: var(--pass); }
.scenario.status-failed { border-left-color: var(--fail); }
.scenario.status-errored { border-left-color: var(--err); }
.scenario.status-skipped, .scenario.status-interrupted { border-left-color: #afb8c1; }
.scenario > summary { display: grid; grid-template-columns: 92px minmax(0, 1fr) auto 150px 16px; align-items: center;
  gap: 14px; padding: 10px 14px; cursor: pointer; list-style: none; }
.scenario > summary::-webkit-details-marker { display: none; }
.scenario > summary::after { content: ""; width: 8px; height: 8px; border: solid var(--muted); border-width: 0 2px 2px 0;
  transform: rotate(-45deg); transition: transform .15s; justify-self: center; }
.scenario[open] > summary::after { transform: rotate(45deg); }
.scenario > summary:hover { background: var(--soft); }
.scenario[open] > summary { border-bottom: 1px solid var(--line); }
.pill { display: inline-block; text-align: center; font-size: 12px; font-weight: 600; border-radius: 999px; padding: 2px 10px; }
.pill-passed { background: var(--pass-bg); color: var(--pass); }
.pill-failed { background: var(--fail-bg); color: var(--fail); }
.pill-errored { background: var(--err-bg); color: var(--err); }
.pill-skipped, .pill-interrupted { background: var(--skip-bg); color: var(--skip); }
.title { min-width: 0; display: flex; flex-direction: column; }
.title .name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.title .where { color: var(--muted); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.counts { color: var(--muted); font-size: 13px; white-space: nowrap; }
.status-failed .counts strong, .status-errored .counts strong { color: var(--fail); font-weight: 600; }
.durations { display: flex; flex-direction: column; align-items: flex-end; font-size: 12px; color: var(--muted);
  font-variant-numeric: tabular-nums; }

.body { padding: 14px 18px 18px; }
.scenario-summary { margin: 0 0 10px; }
.meta { margin-bottom: 14px; }
.tag { display: inline-block; background: #ddf4ff; color: #0550ae; border-radius: 999px; padding: 0 8px; margin-right: 4px; font-size: 12px; }
.error-box { background: var(--err-bg); border: 1px solid #ffd8b5; color: #762c00; border-radius: 6px; padding: 10px 14px; margin-bottom: 14px; }
.panel { margin-top: 16px; }
.panel h3 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.04em; margin: 0 0 8px; }
.panel h3 .hint { text-transform: none; letter-spacing: 0; font-weight: 400; font-size: 12px; margin-left: 8px; }

table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-size: 12px; font-weight: 600; color: var(--muted); border-bottom: 1px solid var(--line); padding: 6px 8px; }
/* anywhere (not break-word) also lowers a cell's minimum width, so a long path or payload cannot widen the table */
td { border-bottom: 1px solid #eaeef2; padding: 6px 8px; vertical-align: top; overflow-wrap: anywhere; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.over { color: var(--fail); font-weight: 600; }
.col-status { width: 28px; }
.dot { display: inline-block; width: 18px; height: 18px; line-height: 18px; border-radius: 50%; text-align: center; font-size: 11px; color: #fff; }
.dot-passed { background: var(--pass); } .dot-failed { background: var(--fail); }
.kind { display: inline-block; font-size: 11px; color: var(--muted); background: var(--soft); border: 1px solid var(--line);
  border-radius: 4px; padding: 0 5px; margin-right: 4px; }
tr.expectation.failed td { background: #fff8f7; }
tr.message-row td { border-bottom: 1px solid #eaeef2; padding-top: 0; background: #fff8f7; }
.failure-message { color: var(--fail); font-weight: 600; }
td.source code { color: var(--muted); font-size: 12px; }
.issue-type { color: var(--fail); font-weight: 600; }

.chart-scroll { overflow-x: auto; }
.chart { display: block; width: 100%; height: auto; background: var(--bg); border: 1px solid #eaeef2; border-radius: 6px; }
.chart text { font-family: inherit; font-size: 11.5px; fill: var(--fg); }
.chart .placeholder { fill: var(--muted); font-size: 13px; }
.chart .tick { fill: var(--muted); font-size: 11px; font-variant-numeric: tabular-nums; }
.chart .grid { stroke: #eaeef2; }
.chart .axis { stroke: #afb8c1; }
.timeline .lane:nth-child(odd) .lane-bg { fill: #fafbfc; }
.timeline .lane-bg { fill: #ffffff; }
.timeline .lane-label { fill: var(--muted); font-weight: 600; font-size: 12px; }
.timeline .lane-line { stroke: #d8dee4; stroke-dasharray: 2 3; }
.timeline .end-line { stroke: #57606a; stroke-dasharray: 4 3; }
.timeline .event circle { stroke: #fff; stroke-width: 2; }
.timeline .event.hollow circle { fill: #fff; stroke-width: 2.5; }
/* as specific as the white outline above, so a hollow marker keeps its coloured ring */
.timeline .event.hollow.k-status circle { stroke: var(--k-fault); }
.timeline .event.hollow.k-issue-resolved circle { stroke: var(--k-resolved); }
.timeline .event-label { font-size: 11px; fill: #424a53; }
.event circle:hover { r: 7.5; }
.k-step circle { fill: var(--k-step); } .k-session-refused circle { fill: var(--k-fault); } .k-fault circle { fill: var(--k-fault); }
.k-issue-raised circle { fill: var(--k-detect); } .k-issue-resolved circle { stroke: var(--k-resolved); }
.k-action circle, .k-command circle { fill: var(--k-action); }
.k-escalation circle, .k-work-order circle, .k-technician circle { fill: var(--k-escalate); }
.k-recovery circle { fill: var(--k-recover); } .k-status circle { stroke: var(--k-fault); }
.latency .bar { fill: #2da44e; }
.latency .late .bar { fill: var(--fail); }
.latency .never .bar { fill: var(--fail-bg); stroke: var(--fail); stroke-dasharray: 5 3; }
.latency .budget { stroke: #24292f; stroke-width: 2; }
.latency .budget-cap { fill: #24292f; }
.latency .row-label { font-weight: 600; }
.latency .row-where { font-weight: 400; fill: var(--muted); }
.latency .value { font-weight: 600; font-variant-numeric: tabular-nums; }
.latency .late .value { fill: var(--fail); }
.latency .value-budget { font-weight: 400; fill: var(--muted); }

.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; list-style: none; padding: 0; margin: 8px 0 0; font-size: 12px; color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; vertical-align: -1px; }
.swatch.k-step { background: var(--k-step); } .swatch.k-session-refused { background: var(--k-fault); } .swatch.k-fault { background: var(--k-fault); }
.swatch.k-issue-raised { background: var(--k-detect); } .swatch.k-issue-resolved { border: 2px solid var(--k-resolved); }
.swatch.k-action, .swatch.k-command { background: var(--k-action); }
.swatch.k-escalation, .swatch.k-work-order, .swatch.k-technician { background: var(--k-escalate); }
.swatch.k-recovery { background: var(--k-recover); } .swatch.k-status { border: 2px solid var(--k-fault); }
.events { margin-top: 8px; }
.events > summary { cursor: pointer; color: #0969da; font-size: 13px; }
.event-table { margin-top: 6px; font-size: 13px; }
.metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 8px 24px; margin: 0; }
.metric { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0 12px; border-bottom: 1px solid #eaeef2; padding: 3px 0 6px; }
.metric dt { color: var(--muted); overflow-wrap: anywhere; } .metric dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.metric dd.metric-help { grid-column: 1 / -1; font-weight: 400; font-size: 12px; color: var(--muted); }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; text-align: center; }
@media print { .toolbar, .attention { display: none; } .scenario { break-inside: avoid; } }

@media (max-width: 700px) {
  .page { padding: 12px 10px 32px; }
  .overview { padding: 12px; }
  .scenario > summary { grid-template-columns: auto minmax(0, 1fr) 16px; gap: 6px 10px; padding: 10px;
    grid-template-areas: "pill title chevron" "counts counts counts" "durations durations durations"; }
  .scenario > summary .pill { grid-area: pill; } .scenario > summary .title { grid-area: title; }
  .scenario > summary .counts { grid-area: counts; white-space: normal; }
  .scenario > summary .durations { grid-area: durations; flex-direction: row; gap: 12px; align-items: baseline; }
  .scenario > summary::after { grid-area: chevron; }
  .body { padding: 10px; }
  /* Rows become small cards: each cell under its column's name. */
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack tr { border-bottom: 1px solid var(--line); padding: 4px 0; }
  table.stack tr.expectation.failed { border-bottom: 0; }
  table.stack td { border: 0; padding: 2px 4px; text-align: left; white-space: normal; }
  table.stack td[data-label]::before { content: attr(data-label); display: block; font-size: 11px; font-weight: 600; color: var(--muted); }
  table.stack td.empty { display: none; }
  /* Charts keep a readable scale and scroll sideways inside their panel, never the page. */
  .chart-scroll .chart:not(.empty) { min-width: 860px; }
}
`;
