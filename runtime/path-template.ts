/**
 * OpenAPI path templates → matchers. Parameters are extracted here rather than by Hono,
 * so names Hono cannot express (`{repo-name}`, `{name}.json` within a segment) still work.
 */

export interface PathMatcher {
  regex: RegExp;
  names: string[];
}

const paramPattern = /\{([^}]+)\}/g;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The part of a template a request path can match. Some specs give one URL several
 * operations by appending `#…` or `?…` to the path (AWS: `/#X-Amz-Target=Svc.Op`,
 * `/{Bucket}?uploads`; ReadMe: `/cookies#formExploded`); no request path carries those.
 */
export function routeTemplate(template: string): string {
  const cut = template.search(/[#?]/);
  return cut < 0 ? template : template.slice(0, cut) || '/';
}

export function compilePathTemplate(basePath: string, template: string): PathMatcher {
  const names: string[] = [];
  const full = joinPath(basePath, routeTemplate(template));
  let source = '';
  let last = 0;
  for (const m of full.matchAll(paramPattern)) {
    source += escapeRegex(full.slice(last, m.index));
    source += '([^/]+)';
    names.push(m[1]!);
    last = m.index! + m[0].length;
  }
  source += escapeRegex(full.slice(last));
  return { regex: new RegExp(`^${source}$`), names };
}

/** Decoded parameters, or `null` if the path does not match (or is badly percent-encoded). */
export function matchPath(matcher: PathMatcher, pathname: string): Record<string, string> | null {
  const m = matcher.regex.exec(pathname);
  if (!m) return null;
  const out: Record<string, string> = {};
  try {
    matcher.names.forEach((name, i) => {
      out[name] = decodeURIComponent(m[i + 1]!);
    });
  } catch {
    return null;
  }
  return out;
}

export function joinPath(basePath: string, path: string): string {
  const b = basePath.replace(/\/+$/, '');
  return `${b}${path.startsWith('/') ? '' : '/'}${path}`;
}

/**
 * Hono route for a template: `{id}` segments become `:id` (or `:pN` when the name is not
 * an identifier), segments mixing text and parameters become a regex-constrained param.
 */
export function toHonoPath(template: string): string {
  let n = 0;
  return routeTemplate(template)
    .split('/')
    .map((segment) => {
      const whole = /^\{([^}]+)\}$/.exec(segment);
      if (whole) {
        const name = whole[1]!;
        return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `:${name}` : `:p${n++}`;
      }
      if (!segment.includes('{')) return segment;
      const regex = segment
        .split(paramPattern)
        .map((part, i) => (i % 2 === 1 ? '[^/]+' : escapeRegex(part)))
        .join('');
      return `:p${n++}{${regex}}`;
    })
    .join('/');
}

/**
 * Mount order so literal segments come before parameters: `/jobs/search` must win over
 * `/jobs/{jobId}`, whatever order the spec lists them in. Hono runs matching routes in
 * registration order.
 */
export function compareSpecificity(a: string, b: string): number {
  const rank = (s: string) => (!s.includes('{') ? 0 : /^\{[^}]+\}$/.test(s) ? 2 : 1);
  const as = a.split('/').map(rank);
  const bs = b.split('/').map(rank);
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (as[i] !== bs[i]) return as[i]! - bs[i]!;
  }
  // Paths of different depth never match the same URL; any consistent order will do.
  return as.length - bs.length;
}
