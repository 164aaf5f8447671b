// The walls between the repository's layers, as one ESLint rule (`walls/layers`) so that
// `npm run lint` fails on a backwards import. Each product folder lists the folders of
// ours it may import (relative specifiers, resolved against the importing file); packages
// are not ours and stay allowed. Tests (`*.test.ts`) are exempt: they may reach anything.
//
//   generated/   → generated/, runtime/ only
//   runtime/     → runtime/ only (it ships to toolkit users on its own)
//   generators/  → generators/, runtime/ (never app/, never test kits)
//   app/         → app/, generated/, runtime/ (never test/, never generators/)
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

export const LAYERS = {
  generated: ['generated', 'runtime'],
  runtime: ['runtime'],
  generators: ['generators', 'runtime'],
  app: ['app', 'generated', 'runtime'],
};

const topFolder = (abs) => path.relative(ROOT, abs).split(path.sep)[0];

/** The folder of ours `specifier` lands in when imported from `file`, or null (a package). */
export function targetFolder(file, specifier) {
  if (!specifier.startsWith('.')) return null;
  return topFolder(path.resolve(path.dirname(path.resolve(ROOT, file)), specifier));
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports respect the layer walls (generated → runtime only, …)' },
    schema: [],
    messages: {
      wall: '{{from}}/ may not import {{to}}/ ({{specifier}}): allowed are {{allowed}}',
    },
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const from = topFolder(path.resolve(ROOT, file));
    const allowed = LAYERS[from];
    if (!allowed || /\.test\.ts$/.test(file)) return {};
    const check = (node) => {
      const source = node.source;
      if (!source || typeof source.value !== 'string') return;
      const to = targetFolder(file, source.value);
      if (to === null || allowed.includes(to)) return;
      context.report({
        node: source,
        messageId: 'wall',
        data: {
          from,
          to,
          specifier: source.value,
          allowed: allowed.map((a) => `${a}/`).join(', '),
        },
      });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

/**
 * Generated files open with `/* eslint-disable *\/` for the consumer's lint, which would
 * silence the walls too: this processor blanks such directives (same length, so positions
 * hold) before the walls rule runs on generated/.
 */
const keepWalls = {
  preprocess: (text) => [
    text.replace(/\/\*\s*eslint-disable[^*]*\*\//g, (m) => ' '.repeat(m.length)),
  ],
  postprocess: (messages) => messages.flat(),
  supportsAutofix: false,
};

export default { rules: { layers: rule }, processors: { 'keep-walls': keepWalls } };
