/**
 * The catalog queries introspection runs, one per kind of object, each returning rows
 * for a whole schema in a stable order. They read `pg_catalog` rather than
 * `information_schema` because only the former knows opclasses, index options,
 * generated/identity columns and NULLS NOT DISTINCT. Work on PGlite and PostgreSQL 15+.
 * Every array is cast to text[] so both drivers hand back plain JS string arrays.
 */

export const ENUMS_SQL = `
SELECT t.typname::text AS name,
       array_agg(e.enumlabel::text ORDER BY e.enumsortorder)::text[] AS values
FROM pg_type t
JOIN pg_enum e ON e.enumtypid = t.oid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = $1
GROUP BY t.typname
ORDER BY t.typname`;

export const TABLES_SQL = `
SELECT c.relname::text AS name, obj_description(c.oid, 'pg_class') AS comment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname`;

export const COLUMNS_SQL = `
SELECT c.relname::text AS table_name,
       a.attname::text AS name,
       format_type(a.atttypid, a.atttypmod) AS sql_type,
       (CASE WHEN t.typcategory = 'A' THEN et.typname ELSE t.typname END)::text AS type_name,
       (CASE WHEN t.typcategory = 'A' THEN et.typtype ELSE t.typtype END) = 'e' AS is_enum,
       t.typcategory = 'A' AS is_array,
       a.attndims::int AS ndims,
       a.atttypmod::int AS typmod,
       a.attnotnull AS not_null,
       pg_get_expr(d.adbin, d.adrelid) AS default_expr,
       a.attidentity::text AS identity,
       a.attgenerated::text AS generated,
       col_description(c.oid, a.attnum) AS comment,
       pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS owned_sequence
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`;

export const CONSTRAINTS_SQL = `
SELECT c.relname::text AS table_name,
       con.conname::text AS name,
       con.contype::text AS type,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, pos)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
             ORDER BY k.pos)::text[] AS columns,
       fc.relname::text AS foreign_table,
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, pos)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
             ORDER BY k.pos)::text[] AS foreign_columns,
       con.confdeltype::text AS on_delete,
       con.confupdtype::text AS on_update,
       pg_get_constraintdef(con.oid) AS definition,
       pg_get_expr(con.conbin, con.conrelid) AS check_expr,
       coalesce(ix.indnullsnotdistinct, false) AS nulls_not_distinct
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid AND con.contype = 'u'
WHERE n.nspname = $1 AND con.contype IN ('p', 'u', 'f', 'c') AND NOT c.relispartition
ORDER BY c.relname, con.conname`;

/** Indexes that do not back a PK/UNIQUE/EXCLUDE constraint (those are emitted as constraints). */
export const INDEXES_SQL = `
SELECT c.relname::text AS table_name,
       i.relname::text AS name,
       ix.indisunique AS is_unique,
       am.amname::text AS method,
       pg_get_indexdef(ix.indexrelid) AS definition,
       pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
       ix.indnullsnotdistinct AS nulls_not_distinct
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class c ON c.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = i.relam
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                  WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY c.relname, i.relname`;

/** One row per key element of each index above (INCLUDE columns are not key elements). */
export const INDEX_ELEMENTS_SQL = `
SELECT i.relname::text AS index_name,
       k.pos::int AS position,
       (SELECT a.attname::text FROM pg_attribute a
         WHERE a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k.pos - 1]
           AND ix.indkey[k.pos - 1] <> 0) AS column_name,
       pg_get_indexdef(ix.indexrelid, k.pos, true) AS element,
       opc.opcname::text AS opclass,
       opc.opcdefault AS opclass_is_default,
       ix.indoption[k.pos - 1]::int AS options
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class c ON c.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL generate_series(1, ix.indnkeyatts) AS k(pos)
JOIN pg_opclass opc ON opc.oid = ix.indclass[k.pos - 1]
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
ORDER BY i.relname, k.pos`;
