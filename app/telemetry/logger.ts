/**
 * The app's one logger: pino, JSON lines on stdout, injected through `AppDeps.logger` (and
 * the auth module's and the runtime's `logger` options), never imported as a singleton.
 *
 * Every line carries, when known, the request id of the request it was written for and the
 * trace and span ids of the active OpenTelemetry span, so a log store can join lines to a
 * trace and to what the client saw (`x-request-id`). Secrets are redacted by key wherever
 * they sit in the first three levels of a logged object.
 *
 * The line shape (`time` ISO-8601, `level` as a word, `message`) is a contract operators
 * grep and ship: keep it stable.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import {
  pino,
  stdSerializers,
  stdTimeFunctions,
  type DestinationStream,
  type Logger as PinoLogger,
} from 'pino';

/** `logger.info('message', { fields })`: message first, as `RuntimeLogger` writes it. */
type MessageFirst = (message: string, fields: Record<string, unknown>) => void;
/**
 * pino's logger; each level also takes the message first (see `logMethod` below). Write
 * new code pino's way, `logger.info({ fields }, 'message')`.
 */
export type Logger = PinoLogger & Record<LogLevel, MessageFirst>;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Keys whose values never reach a log line. Header names as Node and the Fetch API spell
 * them (lower case), body fields as the API spells them (openapi/api-spec.yaml).
 */
export const REDACTED_KEYS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'secret',
  'x-api-key',
] as const;

/** pino's redaction paths match fixed depths; three cover `{ req: { headers: { cookie } } }`. */
function redactPaths(): string[] {
  const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`);
  const paths: string[] = [];
  for (const k of REDACTED_KEYS) {
    const seg = key(k);
    const join = (prefix: string) => (seg.startsWith('[') ? `${prefix}${seg}` : `${prefix}.${seg}`);
    paths.push(seg, join('*'), join('*.*'));
  }
  return paths;
}

export const REDACTED = '[redacted]';

interface RequestScope {
  requestId: string;
}

const requestScope = new AsyncLocalStorage<RequestScope>();
/** Children made by `forRequest` already carry the id as a binding; don't print it twice. */
const requestChildren = new WeakSet<object>();

/** The request id and trace ids of whatever the current async context is working on. */
function correlation(logger: object): Record<string, string> {
  const out: Record<string, string> = {};
  const scope = requestScope.getStore();
  if (scope && !requestChildren.has(logger)) out.requestId = scope.requestId;
  const span = trace.getSpan(context.active());
  if (span) {
    const sc = span.spanContext();
    if (isSpanContextValid(sc)) {
      out.trace_id = sc.traceId;
      out.span_id = sc.spanId;
      out.trace_flags = `0${sc.traceFlags.toString(16)}`;
    }
  }
  return out;
}

export interface LoggerOptions {
  level: LogLevel | 'silent';
  /** Where lines go; stdout by default. Tests pass a stream to read them. */
  destination?: DestinationStream;
}

export function createLogger({ level, destination }: LoggerOptions): Logger {
  const options = {
    level,
    messageKey: 'message',
    // No pid/hostname: the platform's log shipper knows where a line came from.
    base: undefined,
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: stdSerializers.err },
    redact: { paths: redactPaths(), censor: REDACTED },
    mixin: (_obj: object, _level: number, logger: object) => correlation(logger),
    hooks: {
      /**
       * Also accepts `logger.info('message', { fields })` (message first, as the runtime's
       * `RuntimeLogger` and older call sites write it), so no field is ever dropped as an
       * unused printf argument.
       */
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        if (
          args.length >= 2 &&
          typeof args[0] === 'string' &&
          typeof args[1] === 'object' &&
          args[1] !== null
        ) {
          return method.apply(this, [args[1], args[0], ...args.slice(2)]);
        }
        return method.apply(this, args);
      },
    },
  };
  return (destination ? pino(options, destination) : pino(options)) as Logger;
}

/** For tests and tools that must pass a logger and want no output. */
export const silentLogger: Logger = createLogger({ level: 'silent' });

/**
 * Runs `fn` as the work of one request: every line any logger writes inside it (the
 * handlers', the auth module's, the runtime's) carries `requestId`. Returns a child logger
 * bound to the id for code that holds the request (middleware, handlers via `c.var.logger`).
 */
export function forRequest(logger: Logger, requestId: string): Logger {
  const child = logger.child({ requestId }) as Logger;
  requestChildren.add(child);
  return child;
}

export function inRequestScope<T>(requestId: string, fn: () => T): T {
  return requestScope.run({ requestId }, fn);
}
