#!/usr/bin/env bash
# CI step: fail on an unacknowledged breaking change to the HTTP contract.
# The base is the merge base with origin/main on a branch, the previous commit on main
# itself; a shallow clone or a first commit has no base and passes with a note.
# Runs in the current directory's git repository. Overrides: SPEC_DIFF_SPEC (the spec,
# default openapi/api-spec.yaml), SPEC_DIFF_BASE (a ref), SPEC_DIFF_FORMAT.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
spec="${SPEC_DIFF_SPEC:-openapi/api-spec.yaml}"
format="${SPEC_DIFF_FORMAT:-text}"
[ "${GITHUB_ACTIONS:-}" = true ] && [ -z "${SPEC_DIFF_FORMAT:-}" ] && format=github

has() { git rev-parse --verify --quiet "$1^{commit}" >/dev/null 2>&1; }

base="${SPEC_DIFF_BASE:-}"
if [ -z "$base" ]; then
  main_ref=""
  if [ -n "${GITHUB_BASE_REF:-}" ] && has "origin/$GITHUB_BASE_REF"; then main_ref="origin/$GITHUB_BASE_REF"
  elif has origin/main; then main_ref=origin/main
  fi
  on_main=false
  if [ -n "$main_ref" ] && [ "$(git rev-parse HEAD)" = "$(git rev-parse "$main_ref")" ]; then on_main=true; fi
  if [ "$(git rev-parse --abbrev-ref HEAD 2>/dev/null)" = main ] && [ -z "$main_ref" ]; then on_main=true; fi
  if $on_main; then
    has HEAD~1 && base=HEAD~1
  elif [ -n "$main_ref" ]; then
    base="$(git merge-base HEAD "$main_ref" 2>/dev/null || true)"
  fi
fi
if [ -z "$base" ] || ! has "$base"; then
  echo "spec diff: skipped: no base commit to compare with (shallow clone or first commit)"
  exit 0
fi
echo "spec diff: $spec against $base ($(git rev-parse --short "$base"))"
exec node "$here/../bin/spec-suite.mjs" diff --base "$base" --revision "$spec" --format "$format"
