import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thresholdLinePlugin, type ThresholdChart } from './threshold-line.js';

/** A chart with a plot area of x 40–400, y 10–210, and a y scale of 0–10 (value 5 at pixel 110). */
function fakeChart(calls: string[]): ThresholdChart {
  return {
    chartArea: { left: 40, right: 400, top: 10, bottom: 210 },
    scales: { y: { getPixelForValue: (v: number) => 210 - v * 20 } },
    ctx: {
      save: () => calls.push('save'), restore: () => calls.push('restore'), beginPath: () => calls.push('beginPath'),
      moveTo: (x: number, y: number) => calls.push(`moveTo ${x} ${y}`), lineTo: (x: number, y: number) => calls.push(`lineTo ${x} ${y}`),
      stroke: () => calls.push('stroke'), setLineDash: () => undefined, fillText: (text: string) => calls.push(`text ${text}`),
      strokeStyle: '', fillStyle: '', lineWidth: 1, font: '', textAlign: 'left', textBaseline: 'alphabetic',
    },
  };
}

test('draws the threshold across the whole plot area, from its left edge to its right edge', () => {
  const calls: string[] = [];
  thresholdLinePlugin({ value: 5, color: '#b3261e', label: 'Meta threshold 5 %' }).afterDatasetsDraw(fakeChart(calls));
  assert.ok(calls.includes('moveTo 40 110'), calls.join(', '));
  assert.ok(calls.includes('lineTo 400 110'), calls.join(', '));
  assert.ok(calls.includes('text Meta threshold 5 %'));
});

test('draws nothing when the value lies outside the plot area', () => {
  const calls: string[] = [];
  thresholdLinePlugin({ value: 50, color: 'red', label: 'x' }).afterDatasetsDraw(fakeChart(calls));
  assert.deepEqual(calls, []);
});
