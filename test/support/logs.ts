/**
 * A real app logger (app/telemetry/logger.ts: pino, redaction, correlation ids) whose lines
 * land in memory instead of stdout, so tests read exactly what an operator would.
 */
import { Writable } from 'node:stream';
import { createLogger, type Logger, type LogLevel } from '../../app/telemetry/logger.js';

export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, as written. */
  lines: string[];
  /** The lines parsed. */
  records(): Record<string, unknown>[];
  /** Messages of the lines at `level` (all levels when omitted). */
  messages(level?: string): string[];
}

export function captureLogs(level: LogLevel = 'debug'): CapturedLogs {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(line);
      done();
    },
  });
  // pino writes synchronously to a stream that has a `write`; the Writable buffers nothing.
  const logger = createLogger({ level, destination });
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    logger,
    lines,
    records,
    messages: (lvl) =>
      records()
        .filter((r) => lvl === undefined || r.level === lvl)
        .map((r) => String(r.message)),
  };
}
