/** zod issues → problem `errors[]` entries, one per offending field. */
import type { z } from 'zod';
import { toJsonPointer } from './json-pointer.js';
import type { ErrorLocation, FieldError } from './problem.js';

export function issuesToFieldErrors(
  location: ErrorLocation,
  issues: readonly z.core.$ZodIssue[],
): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    // A strict object reports all unknown keys in one issue at the parent; clients want
    // each bad field named, so split it.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          in: location,
          path: toJsonPointer([...issue.path, key]),
          message: 'Unknown property',
        });
      }
      continue;
    }
    out.push({ in: location, path: toJsonPointer(issue.path), message: issue.message });
  }
  return out;
}
