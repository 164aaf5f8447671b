/**
 * The accepted-findings file (`.spec-diff-ignore.yaml`): breaking changes a team has
 * decided to ship, each with a reason. Pure: text in, entries out.
 *
 *   accepted:
 *     - id: request-parameter-removed        # required
 *       operation: GET /api/v1/jobs           # optional: only this operation
 *       pointer: /paths/~1api~1v1~1jobs       # optional: this pointer or anything under it
 *       reason: nobody sends it (access logs) # required
 */
import { parse } from 'yaml';
import { CHECKS } from './checks.js';
import type { Finding } from './compare.js';

export interface IgnoreEntry {
  id: string;
  operation?: string;
  pointer?: string;
  reason: string;
}

export function parseIgnoreFile(text: string, label: string): IgnoreEntry[] {
  const doc = parse(text) as unknown;
  if (doc === null || doc === undefined) return [];
  const list = (doc as { accepted?: unknown }).accepted;
  if (typeof doc !== 'object' || !Array.isArray(list))
    throw new Error(`${label}: expected a top-level "accepted:" list`);
  return list.map((raw, i) => {
    const e = raw as Record<string, unknown> | null;
    const where = `${label}: accepted[${i}]`;
    if (!e || typeof e.id !== 'string') throw new Error(`${where}: "id" (a check id) is required`);
    if (!(e.id in CHECKS)) throw new Error(`${where}: unknown check id ${JSON.stringify(e.id)}`);
    if (typeof e.reason !== 'string' || e.reason.trim() === '')
      throw new Error(`${where}: "reason" is required (why this change is acceptable)`);
    for (const k of ['operation', 'pointer'] as const)
      if (e[k] !== undefined && typeof e[k] !== 'string')
        throw new Error(`${where}: "${k}" must be a string`);
    return {
      id: e.id,
      reason: e.reason.trim(),
      ...(typeof e.operation === 'string' ? { operation: e.operation } : {}),
      ...(typeof e.pointer === 'string' ? { pointer: e.pointer } : {}),
    };
  });
}

export function matches(entry: IgnoreEntry, f: Finding): boolean {
  if (entry.id !== f.id) return false;
  if (entry.operation !== undefined && entry.operation !== f.operation) return false;
  if (entry.pointer !== undefined) {
    const p = entry.pointer.replace(/\/$/, '');
    if (f.pointer !== p && !f.pointer.startsWith(`${p}/`)) return false;
  }
  return true;
}

export interface Accepted extends Finding {
  reason: string;
}

export function applyIgnores(
  findings: Finding[],
  entries: IgnoreEntry[],
): { open: Finding[]; accepted: Accepted[]; unused: IgnoreEntry[] } {
  const used = new Set<IgnoreEntry>();
  const open: Finding[] = [];
  const accepted: Accepted[] = [];
  for (const f of findings) {
    const entry = entries.find((e) => matches(e, f));
    if (entry) {
      used.add(entry);
      accepted.push({ ...f, reason: entry.reason });
    } else open.push(f);
  }
  return { open, accepted, unused: entries.filter((e) => !used.has(e)) };
}
