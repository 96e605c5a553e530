import type { PageFlow } from './flow.js';
import { TEXT } from './styles.js';
import type { ChartData } from './types.js';

/** Horizontal bars: the label, a bar as long as the value, the value in words. */
export function layoutChart(flow: PageFlow, data: ChartData | undefined, indent: number): void {
  if (!data || data.bars.length === 0) return;
  const left = flow.g.marginLeft + indent;
  const width = flow.contentWidth - indent;
  const labelWidth = width * 0.3;
  const size = 8.6;
  const textWidth = Math.max(...data.bars.map((b) => flow.measure(b.text, 'regular', size))) + 8;
  const barMax = width - labelWidth - textWidth - 12;
  const max = Math.max(...data.bars.map((b) => b.value), 1);
  const row = 15;
  for (const bar of data.bars) {
    flow.ensure(row);
    flow.placeAnchors();
    const top = flow.cursor.y;
    const baseline = flow.g.height - (top + size * 0.93 + 2);
    const label = flow.fitText(bar.label, labelWidth - 6, size);
    flow.cursor.page.runs.push({
      x: left + labelWidth - 6 - flow.measure(label, 'regular', size),
      y: baseline,
      text: label,
      font: 'regular',
      size,
      color: TEXT,
    });
    const w = (bar.value / max) * barMax;
    flow.cursor.page.rects.push({
      x: left + labelWidth,
      y: flow.g.height - top - row + 3,
      w: Math.max(w, 0.5),
      h: row - 5,
      fill: [0.16, 0.33, 0.55],
    });
    flow.cursor.page.runs.push({
      x: left + labelWidth + w + 4,
      y: baseline,
      text: bar.text,
      font: 'regular',
      size,
      color: TEXT,
    });
    flow.cursor.y += row;
  }
  flow.cursor.y = Math.min(flow.cursor.y + 8, flow.bottom);
}
