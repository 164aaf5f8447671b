/**
 * `DbSchema` → `generated/db/types-agree.ts`: compile-time assertions that the drizzle
 * models and the kysely-codegen types describe the same rows. One assertion per table
 * and column, so a failing `tsc` names exactly what disagrees. "Agree" means:
 *   select: the same keys, and each column's type is identical;
 *   insert: the same required keys, every optional drizzle key exists in kysely, and
 *           every value drizzle accepts kysely accepts too (kysely also takes strings for
 *           dates and numbers for numerics; that is a widening, not a disagreement).
 * Known exception: kysely-codegen types every array as one-dimensional; a column declared
 * `int[][]` is `number[][]` in drizzle (which is what Postgres returns for 2-D data), so
 * its value types are not compared (its presence and optionality still are).
 */
import type { DbSchema } from './ir.js';
import { camelKey, identifier } from './names.js';

const PRELUDE = `import type { Insertable, Selectable } from 'kysely';
import type { DB } from './kysely.js';
import type * as drizzle from './schema.js';

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Extends<A, B> = [A] extends [B] ? true : false;
type Assert<T extends true> = T;
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
`;

export function emitTypesAgree(schema: DbSchema): string {
  const blocks = schema.tables.map((t) => {
    const d = identifier(t.name);
    const k = JSON.stringify(camelKey(t.name));
    const S = `typeof drizzle.${d}.$inferSelect`;
    const KS = `Selectable<DB[${k}]>`;
    const I = `typeof drizzle.${d}.$inferInsert`;
    const KI = `Insertable<DB[${k}]>`;
    const lines = [
      `Assert<Equals<keyof ${S}, keyof ${KS}>>`,
      `Assert<Equals<RequiredKeys<${I}>, RequiredKeys<${KI}>>>`,
      `Assert<Extends<keyof ${I}, keyof ${KI}>>`,
    ];
    for (const c of t.columns) {
      const key = JSON.stringify(camelKey(c.name));
      if (c.type.arrayDims > 1) {
        lines.push(
          `// ${c.name}: ${c.type.arrayDims}-D array, not compared (kysely-codegen has no N-D arrays)`,
        );
        continue;
      }
      lines.push(`Assert<Equals<${S}[${key}], ${KS}[${key}]>>`);
      if (c.generated === null && c.identity !== 'always') {
        lines.push(
          `Assert<Extends<Exclude<${I}[${key}], undefined>, Exclude<${KI}[${key}], undefined>>>`,
        );
      }
    }
    return `export type ${d}Agree = [\n${lines.map((l) => `  ${l},\n`).join('')}];\n`;
  });
  return [PRELUDE, ...blocks].join('\n');
}
