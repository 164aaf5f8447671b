/**
 * The ids of the span the current request runs in, for exemplars (app/http/metrics.ts).
 * Reads the OpenTelemetry API only: with tracing off there is no span and this is a no-op.
 */
import { trace } from '@opentelemetry/api';

export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getActiveSpan();
  // Unsampled spans are never exported: an exemplar pointing at one would lead nowhere.
  if (!span?.isRecording()) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
