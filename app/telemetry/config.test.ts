/** Tracing settings from the standard OTEL_* variables: defaults, bounds, hidden endpoint. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { loadTelemetryConfig } from './config.js';
import { startTracing } from './tracing.js';

describe('loadTelemetryConfig', () => {
  it('is off with defaults when nothing is set (blank counts as unset)', () => {
    expect(loadTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toEqual({
      ok: true,
      config: { endpoint: undefined, serviceName: 'jobboard', sampleRatio: 1 },
    });
  });

  it('reads the endpoint, service name and sampling ratio', () => {
    expect(
      loadTelemetryConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_SERVICE_NAME: 'jobboard-api',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }),
    ).toEqual({
      ok: true,
      config: { endpoint: 'http://collector:4318', serviceName: 'jobboard-api', sampleRatio: 0.25 },
    });
  });

  it.each([
    [
      'OTEL_TRACES_SAMPLER_ARG',
      '1.5',
      'OTEL_TRACES_SAMPLER_ARG: must be between 0 and 1 (got "1.5")',
    ],
    [
      'OTEL_TRACES_SAMPLER_ARG',
      'half',
      'OTEL_TRACES_SAMPLER_ARG: must be a number between 0 and 1 (got "half")',
    ],
    [
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'grpc://user:secret@collector:4317',
      'OTEL_EXPORTER_OTLP_ENDPOINT: must be a URL starting with http:// or https:// (value hidden)',
    ],
  ])('rejects %s=%s with one line', (key, value, problem) => {
    expect(loadTelemetryConfig({ [key]: value })).toEqual({ ok: false, problems: [problem] });
  });

  it('is part of the app config, and a bad value joins the app-wide report', () => {
    expect(loadConfig({}).telemetry.endpoint).toBeUndefined();
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER_ARG: '-1', PORT: 'x' })).toThrow(
      /PORT: must be a number[\s\S]*OTEL_TRACES_SAMPLER_ARG: must be between 0 and 1/,
    );
  });
});

describe('startTracing', () => {
  it('loads no SDK and returns nothing when no endpoint is set', async () => {
    expect(await startTracing({ endpoint: undefined, serviceName: 'x', sampleRatio: 1 })).toBe(
      undefined,
    );
  });
});
