/** The parts of a chart.js chart the threshold line draws on (structural, so a test can pass its own). */
export interface ThresholdChart {
  readonly chartArea: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number } | undefined;
  readonly scales: Readonly<Record<string, { getPixelForValue(value: number): number } | undefined>>;
  readonly ctx: Pick<CanvasRenderingContext2D, 'save' | 'restore' | 'beginPath' | 'moveTo' | 'lineTo' | 'stroke' | 'setLineDash' | 'fillText'> & {
    strokeStyle: CanvasRenderingContext2D['strokeStyle'];
    fillStyle: CanvasRenderingContext2D['fillStyle'];
    lineWidth: number;
    font: string;
    textAlign: CanvasRenderingContext2D['textAlign'];
    textBaseline: CanvasRenderingContext2D['textBaseline'];
  };
}

/** A horizontal reference line: its value on the y scale, colour and label. */
export interface ThresholdLine {
  readonly value: number;
  readonly color: string;
  readonly label: string;
}

/**
 * A chart.js plugin that draws a dashed horizontal line at a value across the whole plot area, from
 * its left edge to its right edge, whatever the number of bars or points (a line dataset would only
 * join the centres of the first and last category, and draws nothing for a single one).
 */
export function thresholdLinePlugin(line: ThresholdLine): { id: string; afterDatasetsDraw(chart: ThresholdChart): void } {
  return {
    id: 'thresholdLine',
    afterDatasetsDraw(chart) {
      const area = chart.chartArea;
      const y = chart.scales['y']?.getPixelForValue(line.value);
      if (area === undefined || y === undefined || !Number.isFinite(y) || y < area.top || y > area.bottom) return;
      const { ctx } = chart;
      ctx.save();
      ctx.strokeStyle = line.color;
      ctx.fillStyle = line.color;
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(area.left, y);
      ctx.lineTo(area.right, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = '11px system-ui, sans-serif';
      ctx.textAlign = 'right';
      ctx.textBaseline = 'bottom';
      ctx.fillText(line.label, area.right - 2, y - 3);
      ctx.restore();
    },
  };
}
