import { Counter, Histogram } from '../metrics/metrics.js';

/** Prometheus metrics of image analysis, rendered on `/metrics` beside the server's own. */
export interface AnalysisMetrics {
  /** Seconds per image analysis, by outcome (`analyzed`, `failed`). */
  duration: Histogram;
  /** Layers by source: `read` (streamed from the registry) or `cached` (inventory reused by digest). */
  layers: Counter;
  /** Bytes streamed from registries (`compressed`) and what they expanded to (`uncompressed`). */
  layerBytes: Counter;
  /** Finished analyses by outcome and failure code. */
  analyses: Counter;
  render(): string[];
}

export function createAnalysisMetrics(): AnalysisMetrics {
  const m = {
    duration: new Histogram(
      'scout_acr_analysis_duration_seconds',
      'Image analysis time (layers read or reused, inventories merged, results stored)',
      [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    ),
    layers: new Counter('scout_acr_analysis_layers_total', 'Layers analyzed, by source (read or cached)'),
    layerBytes: new Counter('scout_acr_analysis_layer_bytes_total', 'Layer bytes read, compressed and uncompressed'),
    analyses: new Counter('scout_acr_analyses_total', 'Image analyses, by outcome and failure code'),
  };
  return {
    ...m,
    render: () => [m.analyses.render(), m.layers.render(), m.layerBytes.render(), m.duration.render()],
  };
}
