// The plain-data description of one chart that the inline client script turns into a uPlot (no functions cross over).

export interface SeriesSpec {
  label: string;
  color: string;
  /** Dashed line (e.g. loadgen-bound or the load generator itself). */
  dash?: boolean;
  /** Draw markers at the points (default false). */
  points?: boolean;
  /** Markers only, no line (e.g. the knee). */
  pointsOnly?: boolean;
  /** Draw as bars (uPlot.paths.bars). */
  bars?: boolean;
  width?: number;
}

export interface MarkerSpec {
  /** Vertical line at x, or horizontal line at y. */
  x?: number;
  y?: number;
  label: string;
  color?: string;
}

export type AxisFormat = 'ms' | 'rate' | 'percentile' | 'number' | 'seconds' | 'labels';

export interface ChartSpec {
  /** DOM id of the container (unique in the report). */
  id: string;
  xLabel: string;
  yLabel: string;
  xFormat: AxisFormat;
  yFormat: AxisFormat;
  xLog?: boolean;
  yLog?: boolean;
  /** Category names when xFormat is 'labels' (x values are 0…n−1). */
  xLabels?: string[];
  /** uPlot's aligned data: [xs, ys1, ys2, …]; null = no point there. */
  data: (number | null)[][];
  series: SeriesSpec[];
  markers?: MarkerSpec[];
  height?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

export function color(i: number): string {
  return PALETTE[i % PALETTE.length];
}
