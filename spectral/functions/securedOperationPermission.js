// House rule `secured-operation-permission`: every operation that requires credentials names
// the permission(s) it needs in `x-permission`, and every one of them is seeded in the DDL,
// so the route generator can enforce RBAC and a typo cannot silently deny everyone.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createRulesetFunction } from '@stoplight/spectral-core';
import {
  declaredPermissions,
  effectiveSecurity,
  label,
  listOperations,
  requiresCredentials,
} from '../lib/operations.js';
import { parseSeedPermissions } from '../lib/seed-permissions.js';

const DEFAULT_DDL = 'db/schema.sql';

/** Cache per absolute path, invalidated by mtime, so long-lived processes see DDL edits. */
const cache = new Map();

function loadPermissions(ddlPath) {
  const { mtimeMs } = statSync(ddlPath);
  const hit = cache.get(ddlPath);
  if (hit && hit.mtimeMs === mtimeMs) return hit.permissions;
  const permissions = new Set(parseSeedPermissions(readFileSync(ddlPath, 'utf8')));
  cache.set(ddlPath, { mtimeMs, permissions });
  return permissions;
}

/**
 * The DDL path is relative to the ruleset that (last) defined the rule, so a ruleset that
 * extends spectral.yaml and redefines the rule resolves its own `ddlPath`; cwd if unknown.
 */
function resolveDdlPath(options, context) {
  const configured = options?.ddlPath ?? DEFAULT_DDL;
  if (isAbsolute(configured)) return configured;
  const source = context.rule?.aliasSource?.source ?? context.rule?.owner?.source;
  const base =
    typeof source === 'string' && !/^https?:/.test(source) ? dirname(source) : process.cwd();
  return resolve(base, configured);
}

const isNonEmptyString = (value) => typeof value === 'string' && value.trim() !== '';

export default createRulesetFunction(
  {
    input: null,
    options: {
      type: 'object',
      additionalProperties: false,
      properties: { ddlPath: { type: 'string', minLength: 1 } },
    },
  },
  function securedOperationPermission(document, options, context) {
    const secured = listOperations(document).filter((entry) =>
      requiresCredentials(effectiveSecurity(document, entry.operation)),
    );
    if (secured.length === 0) return [];

    const ddlPath = resolveDdlPath(options, context);
    let known;
    try {
      known = loadPermissions(ddlPath);
    } catch (error) {
      return [
        { message: `Cannot read seed permissions from ${ddlPath}: ${error.message}`, path: [] },
      ];
    }
    if (known.size === 0) {
      return [
        {
          message: `No "INSERT INTO permissions ... VALUES" seed rows found in ${ddlPath}.`,
          path: [],
        },
      ];
    }

    const results = [];
    for (const entry of secured) {
      const permissions = declaredPermissions(entry.operation);
      const path = [...entry.path, 'x-permission'];
      if (permissions === null) {
        results.push({
          message: `${label(entry)} requires credentials but declares no x-permission.`,
          path: entry.path,
        });
      } else if (
        !Array.isArray(permissions) ||
        permissions.length === 0 ||
        !permissions.every(isNonEmptyString)
      ) {
        results.push({
          message: `${label(entry)}: x-permission must be a string or a non-empty list of strings.`,
          path,
        });
      } else {
        permissions.forEach((permission, index) => {
          if (!known.has(permission)) {
            results.push({
              message: `${label(entry)}: permission "${permission}" is not seeded in ${ddlPath}.`,
              path: typeof entry.operation['x-permission'] === 'string' ? path : [...path, index],
            });
          }
        });
      }
    }
    return results;
  },
);
