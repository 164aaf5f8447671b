/**
 * Direction-aware comparison of two schemas. On the request side the server must still
 * accept everything clients send today (narrowing breaks); on the response side clients
 * must still understand everything the server sends (widening breaks). readOnly properties
 * are ignored on the request side and writeOnly ones on the response side.
 */
import type { JsonType, SchemaObject } from '../openapi/ir.js';
import { kebab, LIMIT_KEYWORDS, type LimitKeyword } from './checks.js';
import { refName, viewSchema, type SchemaView } from './schema-view.js';
import { appendPointer, escapeToken } from './pointer.js';

export type Direction = 'request' | 'response';

export interface SchemaCompareContext {
  baseSchemas: Record<string, SchemaObject>;
  revSchemas: Record<string, SchemaObject>;
  /** Component pairs already compared for this operation and direction (cycles, repeats). */
  visited: Set<string>;
  emit(id: string, pointer: string, message: string): void;
}

/** Where a comparison stands: its context, side, the revision's pointer and a label. */
interface Here {
  ctx: SchemaCompareContext;
  dir: Direction;
  at: string;
  what: string;
}

const ALL_TYPES: JsonType[] = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

function accepts(types: JsonType[] | undefined, t: JsonType): boolean {
  if (!types) return true;
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

const show = (v: unknown): string => JSON.stringify(v);
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

export function compareSchema(
  ctx: SchemaCompareContext,
  base: SchemaObject | undefined,
  rev: SchemaObject | undefined,
  dir: Direction,
  ptr: string,
  what: string,
): void {
  const b = viewSchema(base, ctx.baseSchemas);
  const r = viewSchema(rev, ctx.revSchemas);
  if (b.ref !== undefined || r.ref !== undefined) {
    const key = `${dir}\0${b.ref ?? ''}\0${r.ref ?? ''}`;
    if (ctx.visited.has(key)) return;
    ctx.visited.add(key);
  }
  // Where the revision's schema lives: a component when it is a $ref, else inline.
  const at = r.ref !== undefined ? `/components/schemas/${escapeToken(r.ref)}` : ptr;
  const here: Here = { ctx, dir, at, what };
  compareTypes(here, b, r);
  compareFormat(here, b.schema.format, r.schema.format);
  compareNullable(here, b, r);
  compareEnum(here, b.schema, r.schema);
  compareLimits(here, b.schema, r.schema);
  compareObject(here, b.schema, r.schema);
  if (b.schema.items || r.schema.items)
    compareSchema(
      ctx,
      b.schema.items,
      r.schema.items,
      dir,
      appendPointer(at, 'items'),
      `${what}[]`,
    );
  for (const key of ['oneOf', 'anyOf'] as const) compareBranches(here, b, r, key);
  compareDiscriminator(here, b.schema, r.schema);
}

function compareTypes(here: Here, b: SchemaView, r: SchemaView) {
  const { ctx, dir, at, what } = here;
  if (b.types === undefined && r.types === undefined) return;
  const bt = b.types ?? ALL_TYPES;
  const rt = r.types ?? ALL_TYPES;
  if (sameSet(bt, rt)) return;
  const from = b.types ? bt.join('|') : 'any';
  const to = r.types ? rt.join('|') : 'any';
  if (dir === 'request') {
    const lost = bt.filter((t) => !accepts(r.types, t));
    if (lost.length > 0)
      ctx.emit('request-type-changed', appendPointer(at, 'type'), `${what}: type ${from} → ${to}`);
    else
      ctx.emit('request-type-widened', appendPointer(at, 'type'), `${what}: type ${from} → ${to}`);
  } else {
    const gained = rt.filter((t) => !accepts(b.types, t));
    if (gained.length > 0)
      ctx.emit('response-type-changed', appendPointer(at, 'type'), `${what}: type ${from} → ${to}`);
    else
      ctx.emit(
        'response-type-narrowed',
        appendPointer(at, 'type'),
        `${what}: type ${from} → ${to}`,
      );
  }
}

function compareFormat(here: Here, bf: string | undefined, rf: string | undefined) {
  const { ctx, dir, at, what } = here;
  if (bf === rf) return;
  const msg = `${what}: format ${bf ?? '(none)'} → ${rf ?? '(none)'}`;
  const p = appendPointer(at, 'format');
  if (dir === 'request') ctx.emit(rf ? 'request-format-changed' : 'request-format-removed', p, msg);
  else ctx.emit(bf ? 'response-format-changed' : 'response-format-added', p, msg);
}

function compareNullable(here: Here, b: SchemaView, r: SchemaView) {
  const { ctx, dir, at, what } = here;
  if (b.nullable === r.nullable) return;
  const id = `${dir}-nullable-${r.nullable ? 'added' : 'removed'}`;
  ctx.emit(id, at, `${what}: ${r.nullable ? 'may now be null' : 'no longer nullable'}`);
}

function enumOf(s: SchemaObject): unknown[] | undefined {
  if (s.enum) return s.enum;
  if ('const' in s) return [s.const];
  return undefined;
}

function isExtensible(s: SchemaObject): boolean {
  const marker = (s as Record<string, unknown>)['x-extensible-enum'];
  return marker === true || Array.isArray(marker);
}

function compareEnum(here: Here, b: SchemaObject, r: SchemaObject) {
  const { ctx, dir, at, what } = here;
  const be = enumOf(b);
  const re = enumOf(r);
  if (!be && !re) return;
  const p = appendPointer(at, 'enum');
  if (!be) {
    ctx.emit(
      dir === 'request' ? 'request-enum-added' : 'response-enum-value-removed',
      p,
      `${what}: now restricted to ${show(re)}`,
    );
    return;
  }
  if (!re) {
    ctx.emit(
      dir === 'request' ? 'request-enum-value-added' : 'response-enum-removed',
      p,
      `${what}: no longer restricted to ${show(be)}`,
    );
    return;
  }
  const bs = new Set(be.map(show));
  const rs = new Set(re.map(show));
  const removed = be.filter((v) => !rs.has(show(v)));
  const added = re.filter((v) => !bs.has(show(v)));
  if (removed.length > 0)
    ctx.emit(
      `${dir}-enum-value-removed`,
      p,
      `${what}: enum value(s) ${removed.map(show).join(', ')} removed`,
    );
  if (added.length > 0) {
    const id =
      dir === 'request'
        ? 'request-enum-value-added'
        : isExtensible(r) || isExtensible(b)
          ? 'response-extensible-enum-value-added'
          : 'response-enum-value-added';
    ctx.emit(id, p, `${what}: enum value(s) ${added.map(show).join(', ')} added`);
  }
}

/** Whether the revision's value of a bound accepts fewer values than the base's. */
function tightened(kind: string, bv: unknown, rv: unknown): boolean | undefined {
  if (bv === rv || (bv === undefined && rv === undefined)) return undefined;
  if (kind === 'flag')
    return rv === true && bv !== true ? true : bv === true && rv !== true ? false : undefined;
  if (kind === 'pattern') return rv !== undefined ? true : false;
  if (rv === undefined) return false;
  if (bv === undefined) return true;
  const b = bv as number;
  const r = rv as number;
  if (kind === 'up') return r > b;
  if (kind === 'down') return r < b;
  // multipleOf: the new step accepts every old value only when it divides the old step.
  return !Number.isInteger(b / r);
}

function compareLimits(here: Here, b: SchemaObject, r: SchemaObject) {
  const { ctx, dir, at, what } = here;
  for (const [keyword, kind] of LIMIT_KEYWORDS) {
    const bv = b[keyword as LimitKeyword];
    const rv = r[keyword as LimitKeyword];
    const t = tightened(kind, bv, rv);
    if (t === undefined) continue;
    const id = `${dir}-${kebab(keyword)}-${t ? 'tightened' : 'relaxed'}`;
    ctx.emit(
      id,
      appendPointer(at, keyword),
      `${what}: ${keyword} ${bv === undefined ? '(none)' : show(bv)} → ${rv === undefined ? '(none)' : show(rv)}`,
    );
  }
}

function compareObject(here: Here, b: SchemaObject, r: SchemaObject) {
  const { ctx, dir, at, what } = here;
  const bp = b.properties ?? {};
  const rp = r.properties ?? {};
  const breq = new Set(b.required ?? []);
  const rreq = new Set(r.required ?? []);
  const names = [...new Set([...Object.keys(bp), ...Object.keys(rp)])].sort();
  for (const name of names) {
    const bs = bp[name];
    const rs = rp[name];
    const p = appendPointer(at, 'properties', name);
    const label = `${what}.${name}`;
    // A property the other side never sees does not exist for this direction.
    const hidden = dir === 'request' ? 'readOnly' : 'writeOnly';
    const bHidden = bs ? viewSchema(bs, ctx.baseSchemas).schema[hidden] === true : true;
    const rHidden = rs ? viewSchema(rs, ctx.revSchemas).schema[hidden] === true : true;
    if (bHidden && rHidden) continue;
    const inBase = bs !== undefined && !bHidden;
    const inRev = rs !== undefined && !rHidden;
    if (inBase && !inRev) {
      if (dir === 'request') ctx.emit('request-property-removed', p, `${label}: property removed`);
      else if (breq.has(name))
        ctx.emit('response-property-removed', p, `${label}: required property removed`);
      else ctx.emit('response-optional-property-removed', p, `${label}: optional property removed`);
      continue;
    }
    if (!inBase && inRev) {
      if (dir === 'request')
        ctx.emit(
          rreq.has(name) ? 'request-property-added-required' : 'request-property-added',
          p,
          `${label}: new ${rreq.has(name) ? 'required' : 'optional'} property`,
        );
      else ctx.emit('response-property-added', p, `${label}: new property`);
      continue;
    }
    if (breq.has(name) !== rreq.has(name)) {
      const nowRequired = rreq.has(name);
      ctx.emit(
        `${dir}-property-became-${nowRequired ? 'required' : 'optional'}`,
        p,
        `${label}: became ${nowRequired ? 'required' : 'optional'}`,
      );
    }
    compareSchema(ctx, bs, rs, dir, p, label);
  }
  compareAdditional(here, b, r);
}

function compareAdditional(here: Here, b: SchemaObject, r: SchemaObject) {
  const { ctx, dir, at, what } = here;
  const ba = b.additionalProperties;
  const ra = r.additionalProperties;
  const p = appendPointer(at, 'additionalProperties');
  if (dir === 'request' && ba !== false && ra === false)
    ctx.emit('request-additional-properties-closed', p, `${what}: extra properties now rejected`);
  else if (dir === 'response' && ba === false && ra !== undefined && ra !== false)
    ctx.emit('response-additional-properties-opened', p, `${what}: may carry extra properties`);
  if (typeof ba === 'object' && typeof ra === 'object')
    compareSchema(ctx, ba, ra, dir, p, `${what}{*}`);
}

function branchKey(s: SchemaObject): string | undefined {
  return refName(s);
}

function compareBranches(here: Here, b: SchemaView, r: SchemaView, key: 'oneOf' | 'anyOf') {
  const { ctx, dir, at, what } = here;
  const bb = b.schema[key] ?? [];
  const rb = r.schema[key] ?? [];
  if (bb.length === 0 && rb.length === 0) return;
  const matchedRev = new Set<number>();
  const pairs: [number, number][] = [];
  const unmatchedBase: number[] = [];
  bb.forEach((s, i) => {
    const k = branchKey(s);
    const j =
      k === undefined ? -1 : rb.findIndex((x, jj) => !matchedRev.has(jj) && branchKey(x) === k);
    if (j >= 0) {
      matchedRev.add(j);
      pairs.push([i, j]);
    } else unmatchedBase.push(i);
  });
  // Inline alternatives have no name: pair identical ones, then the rest by position when
  // the counts agree (a changed alternative), else report them removed and added.
  const print = (s: SchemaObject) => JSON.stringify(s);
  for (const i of [...unmatchedBase]) {
    if (branchKey(bb[i]!) !== undefined) continue;
    const j = rb.findIndex(
      (x, jj) => !matchedRev.has(jj) && branchKey(x) === undefined && print(x) === print(bb[i]!),
    );
    if (j < 0) continue;
    matchedRev.add(j);
    pairs.push([i, j]);
    unmatchedBase.splice(unmatchedBase.indexOf(i), 1);
  }
  let unmatchedRev = rb.map((_, j) => j).filter((j) => !matchedRev.has(j));
  const inlineBase = unmatchedBase.filter((i) => branchKey(bb[i]!) === undefined);
  const inlineRev = unmatchedRev.filter((j) => branchKey(rb[j]!) === undefined);
  const leftBase = unmatchedBase.filter((i) => !inlineBase.includes(i));
  if (inlineBase.length === inlineRev.length) {
    inlineBase.forEach((i, n) => pairs.push([i, inlineRev[n]!]));
    unmatchedRev = unmatchedRev.filter((j) => !inlineRev.includes(j));
  } else leftBase.push(...inlineBase);
  for (const i of leftBase) {
    const label = branchKey(bb[i]!) ?? `#${i}`;
    ctx.emit(
      `${dir}-branch-removed`,
      appendPointer(at, key),
      `${what}: ${key} alternative ${label} removed`,
    );
  }
  for (const j of unmatchedRev) {
    const label = branchKey(rb[j]!) ?? `#${j}`;
    ctx.emit(
      `${dir}-branch-added`,
      appendPointer(at, key, String(j)),
      `${what}: ${key} alternative ${label} added`,
    );
  }
  for (const [i, j] of pairs)
    compareSchema(
      ctx,
      bb[i],
      rb[j],
      dir,
      appendPointer(at, key, String(j)),
      `${what}<${key}#${j}>`,
    );
}

function compareDiscriminator(here: Here, b: SchemaObject, r: SchemaObject) {
  const { ctx, dir, at, what } = here;
  const bd = b.discriminator;
  const rd = r.discriminator;
  if (!bd && !rd) return;
  const p = appendPointer(at, 'discriminator');
  if (!bd || !rd || bd.propertyName !== rd.propertyName) {
    ctx.emit(
      `${dir}-discriminator-changed`,
      p,
      `${what}: discriminator ${bd?.propertyName ?? '(none)'} → ${rd?.propertyName ?? '(none)'}`,
    );
    return;
  }
  const bm = bd.mapping ?? {};
  const rm = rd.mapping ?? {};
  for (const [value, target] of Object.entries(bm)) {
    const now = rm[value];
    if (now === undefined) {
      if (dir === 'request')
        ctx.emit(
          'request-discriminator-changed',
          appendPointer(p, 'mapping', value),
          `${what}: discriminator value ${show(value)} no longer mapped`,
        );
    } else if (now !== target)
      ctx.emit(
        `${dir}-discriminator-changed`,
        appendPointer(p, 'mapping', value),
        `${what}: discriminator value ${show(value)} now maps to ${now} (was ${target})`,
      );
  }
  if (dir === 'response')
    for (const value of Object.keys(rm))
      if (!(value in bm))
        ctx.emit(
          'response-discriminator-value-added',
          appendPointer(p, 'mapping', value),
          `${what}: new discriminator value ${show(value)}`,
        );
}
