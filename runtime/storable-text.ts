/**
 * Text a database cannot store is bad input, refused with the other validation problems.
 *
 * PostgreSQL `text`/`varchar` and `jsonb` refuse U+0000 (an error deep in the driver, which
 * used to surface as a 500), and a lone UTF-16 surrogate has no UTF-8 encoding (drivers
 * silently replace it with U+FFFD, so what is stored is not what was sent). Every decoded
 * string of every request part — path, query, header and cookie parameters, body fields at
 * any depth, object keys included — is checked after the generated validators ran, so each
 * operation gets the rule from the contract with no code in its handler. Binary values
 * (`Blob`, `File`: `format: binary` bodies and multipart files) are bytes, not text, and
 * are exempt. Policy: POL-I-001 (specs/policy.md).
 */
import { toJsonPointer } from './json-pointer.js';
import type { ErrorLocation, FieldError } from './problem.js';
import { MAX_FIELD_ERRORS } from './problem.js';

export const NUL_MESSAGE = 'Must not contain the NUL character (U+0000)';
export const UNPAIRED_SURROGATE_MESSAGE =
  'Must be valid Unicode text (contains an unpaired UTF-16 surrogate)';

const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string cannot be stored as text, or undefined when it can. */
export function unstorableReason(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL_MESSAGE;
  // In unicode mode a paired surrogate is one code point, so only lone halves match.
  if (LONE_SURROGATE.test(text)) return UNPAIRED_SURROGATE_MESSAGE;
  return undefined;
}

/**
 * Field errors for every unstorable string (value or object key) in `value`, named by JSON
 * pointer under `location`. Iterative, so a deeply nested body cannot overflow the stack;
 * stops after MAX_FIELD_ERRORS findings.
 */
export function unstorableText(location: ErrorLocation, value: unknown): FieldError[] {
  // Nearly every request is clean: one allocation-free pass decides that, and only a value
  // with a suspect string pays for the walk that names the paths.
  if (!mayBeUnstorable(value, 0)) return [];
  const errors: FieldError[] = [];
  const report = (at: Step, message: string) =>
    errors.push({ in: location, path: toJsonPointer(pathOf(at)), message });
  const stack: Step[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length > 0 && errors.length < MAX_FIELD_ERRORS) {
    const step = stack.pop()!;
    const current = step.value;
    if (typeof current === 'string') {
      const message = unstorableReason(current);
      if (message) report(step, message);
      continue;
    }
    if (typeof current !== 'object' || current === null || current instanceof Blob) continue;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--)
        stack.push({ value: current[i], key: i, parent: step });
      continue;
    }
    if (!isPlainRecord(current)) continue;
    const keys = Object.keys(current);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const child: Step = { value: (current as Record<string, unknown>)[key], key, parent: step };
      const keyProblem = unstorableReason(key);
      if (keyProblem) report(child, keyProblem);
      else stack.push(child);
    }
  }
  return errors.slice(0, MAX_FIELD_ERRORS);
}

// NUL or any surrogate: a superset of what `unstorableReason` refuses (paired surrogates,
// emoji say, are fine and are sorted out by the full walk).
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
// Deeper than this, the full walk (iterative) decides instead of recursion.
const MAX_QUICK_DEPTH = 64;

/** False only when no string in `value`, key or value, can be unstorable. */
function mayBeUnstorable(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return SUSPECT.test(value);
  if (typeof value !== 'object' || value === null || value instanceof Blob) return false;
  if (depth > MAX_QUICK_DEPTH) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (mayBeUnstorable(item, depth + 1)) return true;
    return false;
  }
  if (!isPlainRecord(value)) return false;
  for (const key in value) {
    if (SUSPECT.test(key) || mayBeUnstorable((value as Record<string, unknown>)[key], depth + 1))
      return true;
  }
  return false;
}

/** One value on the walk; paths are rebuilt from parent links only for findings (no copies). */
interface Step {
  value: unknown;
  key: PropertyKey | undefined;
  parent: Step | undefined;
}

function pathOf(step: Step): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let s: Step | undefined = step; s?.parent; s = s.parent) path.push(s.key!);
  return path.reverse();
}

/** Objects made by JSON.parse, zod or the form decoders; class instances (Date, Map) are not text containers. */
function isPlainRecord(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
