/**
 * What the load report adds to the scenario report's stylesheet (reports/html/styles.ts): section boxes, the chart
 * grid with its wide and narrow drawings, HTML bars, and a label/value list. Down to a 390 px phone nothing may
 * make the page wider than the window: tables stack into cards, bars wrap, the narrow chart drawing takes over.
 */
export const LOAD_CSS = `
.card-box { background: var(--bg); border: 1px solid var(--line); border-radius: var(--radius); padding: 14px 18px; margin-top: 16px; }
.card-box > h2 { font-size: 16px; margin: 0 0 10px; }
.card-box h2 .hint { font-size: 12px; font-weight: 400; margin-left: 8px; }
.card-box h3 { font-size: 13px; margin: 16px 0 8px; }
.card-box h3 .hint { font-weight: 400; font-size: 12px; margin-left: 6px; }
.verdict-interrupted { background: var(--skip-bg); color: var(--skip); }
.verdict-line { font-weight: 600; margin: 0 0 12px; overflow-wrap: anywhere; }
.card-note { color: var(--muted); font-size: 12px; }
.load-report .run-meta { margin-top: 14px; }
.attention .attention-messages { padding-left: 18px; }
.attention .failed-threshold a { color: var(--fail); }
.attention li { overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
tr.threshold.failed td { background: #fff8f7; }
tr.threshold.failed td:first-child { color: var(--fail); font-weight: 600; }
tr.threshold.ok td:first-child { color: var(--pass); font-weight: 600; }
dl.health { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 16px; margin: 0; }
dl.health > div { display: contents; }
dl.health dt { color: var(--muted); }
dl.health dd { margin: 0; overflow-wrap: anywhere; }
.two-col { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 28px; }
.bars { list-style: none; margin: 0; padding: 0; }
.bar-row { display: grid; grid-template-columns: minmax(0, 15em) minmax(40px, 1fr) minmax(0, max-content); gap: 4px 10px; align-items: center; padding: 3px 0; }
.bar-label { overflow-wrap: anywhere; font-size: 13px; }
.bar-track { height: 12px; background: var(--soft); border-radius: 3px; overflow: hidden; }
.bar-fill { display: block; height: 100%; background: #0969da; }
.bars.fail .bar-fill { background: var(--fail); }
.bars.warn .bar-fill { background: #bf8700; }
.bar-value { font-variant-numeric: tabular-nums; font-size: 13px; white-space: nowrap; }
.first-failure { font-size: 13px; overflow-wrap: anywhere; }
.ranges { list-style: none; margin: 0 0 12px; padding: 0; }
.range-row { padding: 6px 0; border-bottom: 1px solid #eaeef2; }
.range-head { overflow-wrap: anywhere; }
.range-track { position: relative; height: 14px; background: var(--soft); border-radius: 3px; margin: 6px 0 4px; }
.range-p99 { position: absolute; left: 0; top: 0; height: 100%; background: #f2cc60; border-radius: 3px; }
.range-p50 { position: absolute; left: 0; top: 0; height: 100%; background: #bf8700; border-radius: 3px; }
.range-max { position: absolute; top: -3px; width: 2px; height: 20px; background: #24292f; margin-left: -1px; }
.range-values { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.missed { color: var(--fail); }
.chart-grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 18px 24px; }
@media (min-width: 1000px) { .chart-grid { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
.load-chart { margin: 0; min-width: 0; }
.load-chart figcaption { font-weight: 600; font-size: 13px; margin-bottom: 6px; }
.line-chart text { font-size: 12.5px; }
.line-chart .tick { font-size: 12px; }
.line-chart .axis-title { fill: var(--muted); font-size: 12px; }
.line-chart .series { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
.line-chart .band rect { fill: #fbfbfc; }
.line-chart .band.odd rect { fill: #f1f3f5; }
.line-chart .band-edge { stroke: #afb8c1; stroke-dasharray: 3 3; }
.line-chart .band-label { fill: var(--muted); font-size: 11.5px; }
.line-chart .tick-mark { stroke: #afb8c1; }
svg.line-chart.narrow { display: none; }
.legend .swatch-line { display: inline-block; width: 14px; height: 3px; border-radius: 2px; margin-right: 6px; vertical-align: 3px; }
@media (max-width: 700px) {
  .card-box { padding: 10px 12px; }
  svg.line-chart.wide { display: none; }
  svg.line-chart.narrow { display: block; }
  .two-col { grid-template-columns: minmax(0, 1fr); }
  dl.health { grid-template-columns: minmax(0, 1fr); gap: 0; }
  dl.health dd { margin-bottom: 6px; }
  .bar-row { grid-template-columns: minmax(0, 1fr) max-content; }
  .bar-row .bar-label { grid-column: 1 / -1; }
  /* A stacked row is a small card: its first cell as the heading, the others three to a line. */
  .load-report table.stack tr { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 2px 10px; padding: 6px 0; }
  .load-report table.stack td { width: auto; }
  .load-report table.stack td:first-child { grid-column: 1 / -1; font-weight: 600; }
  .load-report table.stack td:first-child::before { display: none; }
}
`;
