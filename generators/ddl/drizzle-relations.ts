/**
 * Foreign keys → drizzle `relations()` declarations (for the relational query API).
 * Every relation carries the FK constraint's name as `relationName`, so two FKs between
 * the same pair of tables (or a self-reference) never need guessing.
 *
 * Naming, child side (`one`): the FK column without its `_id` (or `_<referenced column>`)
 * suffix (`company_id` → `company`, `role_code` → `role`), else column + parent
 * (`created_by` → `createdByUser`); composite keys use the singular parent name.
 * Parent side: the child table's name (`devices`), `one` with a singular name when the FK
 * columns are unique in the child (one-to-one), and `<children>By<ChildRelation>` when
 * the child has several FKs to this parent or references itself.
 */
import type { DbSchema, ForeignKeyDef, TableDef } from './ir.js';
import { camelKey, identifier, pascal, singular } from './names.js';

export interface RelationDef {
  name: string;
  kind: 'one' | 'many';
  target: string;
  /** Set on every relation except a parent-side `one` (drizzle resolves it alone). */
  relationName: string | null;
  /** Only on the side that owns the FK columns. */
  fields?: string[];
  references?: string[];
}

function childSideName(fk: ForeignKeyDef): string {
  if (fk.columns.length === 1) {
    const col = fk.columns[0]!;
    const ref = fk.foreignColumns[0]!;
    for (const suffix of ['_id', `_${ref}`]) {
      if (col.endsWith(suffix) && col.length > suffix.length) {
        return identifier(col.slice(0, -suffix.length));
      }
    }
    return identifier(col) + pascal(singular(fk.foreignTable));
  }
  return identifier(singular(fk.foreignTable));
}

const isUniqueIn = (t: TableDef, columns: string[]) => {
  const same = (cols: string[]) =>
    cols.length === columns.length && cols.every((c) => columns.includes(c));
  return (
    (t.primaryKey !== null && same(t.primaryKey.columns)) ||
    t.uniques.some((u) => same(u.columns)) ||
    t.indexes.some(
      (i) =>
        i.unique &&
        i.where === null &&
        i.elements.every((e) => e.column) &&
        same(i.elements.map((e) => e.column!)),
    )
  );
};

/** Relations per table name, in a stable order (FK constraint names, then child names). */
export function buildRelations(schema: DbSchema): Map<string, RelationDef[]> {
  const byTable = new Map<string, RelationDef[]>(schema.tables.map((t) => [t.name, []]));
  const taken = new Map<string, Set<string>>(
    schema.tables.map((t) => [t.name, new Set(t.columns.map((c) => camelKey(c.name)))]),
  );
  const claim = (table: string, wanted: string, fallback: string) => {
    const names = taken.get(table)!;
    let name = names.has(wanted) ? fallback : wanted;
    for (let i = 2; names.has(name); i++) name = `${fallback}${i}`;
    names.add(name);
    return name;
  };
  const tables = new Map(schema.tables.map((t) => [t.name, t]));

  for (const child of schema.tables) {
    for (const fk of child.foreignKeys) {
      if (!tables.has(fk.foreignTable)) continue;
      const childName = childSideName(fk);
      const name = claim(child.name, childName, `${childName}Via${pascal(fk.name)}`);
      byTable.get(child.name)!.push({
        name,
        kind: 'one',
        target: fk.foreignTable,
        relationName: fk.name,
        fields: fk.columns,
        references: fk.foreignColumns,
      });
    }
  }
  for (const child of schema.tables) {
    for (const fk of child.foreignKeys) {
      const parent = tables.get(fk.foreignTable);
      if (!parent) continue;
      const siblings = child.foreignKeys.filter((f) => f.foreignTable === fk.foreignTable).length;
      // drizzle's parent-side `one()` takes no relationName, so it is only unambiguous
      // when this is the child's only FK to the parent.
      const oneToOne =
        siblings === 1 && child.name !== parent.name && isUniqueIn(child, fk.columns);
      const base = identifier(oneToOne ? singular(child.name) : child.name);
      const childRel = byTable.get(child.name)!.find((r) => r.relationName === fk.name)!;
      const qualified = `${base}By${pascal(childRel.name)}`;
      const wanted = siblings > 1 || child.name === parent.name ? qualified : base;
      byTable.get(parent.name)!.push({
        name: claim(parent.name, wanted, qualified),
        kind: oneToOne ? 'one' : 'many',
        target: child.name,
        relationName: oneToOne ? null : fk.name,
      });
    }
  }
  return byTable;
}
