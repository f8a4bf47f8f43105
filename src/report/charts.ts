import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from '../results/types';
import type { StudySummary } from '../study/types';
import { curvesSpec } from './chart-curves';
import { expertsSpec } from './chart-experts';
import { gainHeatmapSpec } from './chart-gain-heatmap';
import { quadrantSpec } from './chart-quadrant';

export { curvesSpec } from './chart-curves';
export { expertsSpec } from './chart-experts';
export { gainHeatmapSpec } from './chart-gain-heatmap';
export { quadrantSpec } from './chart-quadrant';

export interface ChartFile {
  /** file name beside the report, e.g. quadrant.svg */
  file: string;
  title: string;
  svg: string;
}

/** Render a vega-lite spec to an SVG string in Node (headless view, no canvas needed). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Every chart the run has data for: the quadrant scatter (two tasks) or the
 * gain heat-map (three or more), training curves and expert utilisation.
 */
export async function renderCharts(run: RunData, summary: StudySummary): Promise<ChartFile[]> {
  const specs: [string, string, TopLevelSpec | null][] = [
    ['quadrant.svg', 'MTL gain quadrants (Figure 3)', quadrantSpec(summary)],
    ['gain-heatmap.svg', 'Gain per model and task (Table 4)', gainHeatmapSpec(summary)],
    ['training-curves.svg', 'Training and validation per epoch', curvesSpec(run, summary.baseline)],
    ['expert-utilisation.svg', 'Expert utilisation (Figure 8)', expertsSpec(run)],
  ];
  const out: ChartFile[] = [];
  for (const [file, title, spec] of specs) {
    if (spec) out.push({ file, title, svg: await renderSvg(spec) });
  }
  return out;
}
