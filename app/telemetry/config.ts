/**
 * Tracing settings, read with the standard OpenTelemetry variable names so collectors'
 * and platforms' docs apply as written. Parsed by app/config.ts (one report of every bad
 * value) and by ./register.ts, which runs before the app and must not load its config.
 */
import { z } from 'zod';

export interface TelemetryConfig {
  /** OTLP/HTTP base URL (`http://collector:4318`); unset = tracing off, no SDK loaded. */
  endpoint: string | undefined;
  serviceName: string;
  /** Share of new traces recorded (0–1); a caller's sampled `traceparent` is always followed. */
  sampleRatio: number;
}

const schema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .refine(
      (v) => {
        try {
          return ['http:', 'https:'].includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { error: 'must be a URL starting with http:// or https://' },
    )
    .optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('jobboard'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number({ error: 'must be a number between 0 and 1' })
    .min(0, { error: 'must be between 0 and 1' })
    .max(1, { error: 'must be between 0 and 1' })
    .default(1),
});

export type TelemetryConfigResult =
  { ok: true; config: TelemetryConfig } | { ok: false; problems: string[] };

export function loadTelemetryConfig(
  env: Record<string, string | undefined>,
): TelemetryConfigResult {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key]?.trim();
    if (value) input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => {
        const key = String(i.path[0]);
        // The endpoint may carry credentials in its user-info part; never echo it.
        const shown = key.endsWith('_ENDPOINT') ? ' (value hidden)' : ` (got "${input[key]}")`;
        return `${key}: ${i.message}${shown}`;
      }),
    };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: e.OTEL_SERVICE_NAME,
      sampleRatio: e.OTEL_TRACES_SAMPLER_ARG,
    },
  };
}
