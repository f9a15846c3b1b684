import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** A line chart of one series over time (uPlot), with a text summary for screen readers. */
export function TrendChart({ title, times, values, format, max }: { title: string; times: number[]; values: number[]; format: (v: number) => string; max?: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current || times.length === 0) return;
    const plot = new uPlot(
      {
        width: Math.max(260, box.current.clientWidth),
        height: 170,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          // One run is a point in the middle of an hour, not years of axis; values from 0 up.
          x: { time: true, range: (_u, lo, hi) => (lo === hi ? [lo - 1800, hi + 1800] : [lo, hi]) },
          y: { range: (_u, _lo, hi) => [0, max ?? (hi > 0 ? hi * 1.15 : 1)] },
        },
        axes: [{ stroke: '#333' }, { stroke: '#333', size: 64, values: (_u, ticks) => ticks.map(format) }],
        series: [{}, { label: title, stroke: '#1d5fa8', width: 2, points: { show: true, size: 5 } }],
      },
      [times, values],
      box.current,
    );
    return () => plot.destroy();
  }, [times.join(), values.join()]);
  const last = values[values.length - 1];
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title} over the last ${values.length} runs${last === undefined ? '' : `, latest ${format(last)}`}`} />
    </figure>
  );
}
