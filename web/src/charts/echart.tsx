import { useEffect, useRef } from 'react';
import { init, type ChartOption, type EChartsType } from './echarts';

/** Where a click landed: a bar or point of a series, or the column of a category (any series). */
export interface ChartHit {
  seriesIndex: number | null;
  dataIndex: number;
}

/** The chart container, carrying its instance so browser tests can find a bar's pixel position. */
export type ChartHost = HTMLDivElement & { __soriChart?: EChartsType };

/** How long a first tap on a touch screen (which shows the tooltip) waits for a second one to open. */
const TAP_CONFIRM_MS = 4_000;

/**
 * A thin React wrapper around one ECharts instance: created on mount, `option` replaced on every
 * change, resized with its box, disposed on unmount. A click on a bar or point, or anywhere in a
 * category's column, calls `onHit`; on a touch screen the first tap shows the tooltip and a second
 * tap on the same column opens it.
 */
export function EChart({
  option,
  onHit,
  label,
  className,
  testId,
}: {
  option: ChartOption;
  onHit?: (hit: ChartHit) => void;
  /** What the chart shows, for screen readers. */
  label: string;
  className?: string;
  testId?: string;
}) {
  const hostRef = useRef<ChartHost>(null);
  const chartRef = useRef<EChartsType | null>(null);
  const onHitRef = useRef(onHit);
  useEffect(() => {
    onHitRef.current = onHit;
  });

  useEffect(() => {
    const host = hostRef.current!;
    const chart = init(host, null, { renderer: 'canvas' });
    chartRef.current = chart;
    host.__soriChart = chart;

    // zrender tells us about a click before ECharts reports which series it hit, so the column
    // is read at once and the decision waits a tick for the series (a line's own click between
    // two points has no dataIndex: the column gives it).
    let seriesHit: { seriesIndex: number | null; dataIndex: number | null } | null = null;
    let lastTap: { index: number; at: number } | null = null;
    let pending = 0;
    const isTouch = (event: unknown) => {
      const e = event as { pointerType?: string; type?: string } | undefined;
      return e?.pointerType === 'touch' || !!e?.type?.startsWith('touch');
    };
    chart.on('click', (params) => {
      seriesHit = { seriesIndex: params.seriesIndex ?? null, dataIndex: typeof params.dataIndex === 'number' ? params.dataIndex : null };
    });
    chart.getZr().on('click', (event) => {
      const pixel = [event.offsetX, event.offsetY];
      const inGrid = chart.containPixel('grid', pixel);
      const coords = chart.convertFromPixel({ gridIndex: 0 }, pixel) as number[] | number | undefined;
      const column = Array.isArray(coords) && Number.isFinite(coords[0]) && coords[0] >= 0 ? Math.round(coords[0]) : null;
      const touch = isTouch(event.event);
      window.clearTimeout(pending);
      seriesHit = null;
      pending = window.setTimeout(() => {
        const hit = seriesHit;
        seriesHit = null;
        const dataIndex = hit?.dataIndex ?? (hit || inGrid ? column : null);
        if (dataIndex === null) return;
        if (touch) {
          const now = Date.now();
          const confirmed = lastTap && lastTap.index === dataIndex && now - lastTap.at < TAP_CONFIRM_MS;
          lastTap = confirmed ? null : { index: dataIndex, at: now };
          if (!confirmed) return;
        }
        onHitRef.current?.({ seriesIndex: hit?.seriesIndex ?? null, dataIndex });
      }, 0);
    });

    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(host);
    return () => {
      window.clearTimeout(pending);
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
      delete host.__soriChart;
    };
  }, []);

  useEffect(() => {
    // Honour reduced motion: no grow-in animation (which also puts bars where they end at once).
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    chartRef.current?.setOption(still ? { ...option, animation: false } : option, { notMerge: true });
  }, [option]);

  return <div ref={hostRef} className={className ?? 'chart'} role="img" aria-label={label} data-testid={testId} />;
}
