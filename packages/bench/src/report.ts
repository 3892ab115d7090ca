import type { ProcessCost } from './measure';

/** One scenario's result (medians over the repetitions). */
export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly rows: number;
  readonly wallSeconds: number;
  readonly rowsPerSecond: number;
  /** rows/s ÷ the COPY pipe's rows/s. */
  readonly ratio: number;
  readonly processes: readonly ProcessCost[];
  readonly serverCpuSeconds?: number;
  readonly error?: string;
}

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A plain-text table for the terminal (also pasted into the README). */
export function formatTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'wall s', 'rows/s', 'ratio', 'peak RSS MB', 'CPU s', 'server CPU s'];
  const rows = results.map((r) => [
    r.id,
    r.error ? 'failed' : r.wallSeconds.toFixed(2),
    r.error ? '-' : Math.round(r.rowsPerSecond).toLocaleString('en-US'),
    r.error ? '-' : r.ratio.toFixed(2),
    r.processes.map((p) => `${p.name} ${p.peakRssMb.toFixed(0)}`).join(', '),
    r.processes.map((p) => `${p.name} ${p.cpuSeconds.toFixed(1)}`).join(', '),
    r.serverCpuSeconds === undefined ? '-' : r.serverCpuSeconds.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** A horizontal bar chart of rows/s per scenario, as SVG. */
export function renderChart(results: readonly ScenarioResult[], caption: string): string {
  const ok = results.filter((r) => !r.error);
  const max = Math.max(1, ...ok.map((r) => r.rowsPerSecond));
  const barHeight = 26;
  const labelWidth = 130;
  const chartWidth = 460;
  const height = 40 + ok.length * (barHeight + 8);
  const bars = ok.map((r, i) => {
    const y = 30 + i * (barHeight + 8);
    const width = Math.max(2, (r.rowsPerSecond / max) * chartWidth);
    const fill = r.id === 'copy-pipe' ? '#888' : '#336791';
    const value = `${Math.round(r.rowsPerSecond).toLocaleString('en-US')} rows/s (×${r.ratio.toFixed(2)})`;
    return [
      `<text x="${labelWidth - 6}" y="${y + 17}" text-anchor="end">${escapeXml(r.id)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${barHeight}" fill="${fill}"/>`,
      `<text x="${labelWidth + width + 6}" y="${y + 17}">${escapeXml(value)}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 200}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="18" font-weight="bold">${escapeXml(caption)}</text>`,
    ...bars,
    '</svg>',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
