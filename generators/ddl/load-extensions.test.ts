/**
 * Every contrib extension the DDL loader advertises really loads in PGlite and works:
 * one DDL asks for all of them and uses a feature of each. A PGlite upgrade that moves or
 * drops a contrib module fails here, not in a user's `npm run gen`. (One PGlite boot.)
 */
import { describe, expect, it } from 'vitest';
import { loadDdl, requestedExtensions } from './load.js';

const DDL = `
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION pg_trgm;
CREATE EXTENSION pgcrypto;
CREATE EXTENSION "uuid-ossp";
CREATE EXTENSION btree_gin;
CREATE EXTENSION btree_gist;
CREATE EXTENSION hstore;
CREATE EXTENSION ltree;
CREATE EXTENSION unaccent;

CREATE TABLE place (
  id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
  token uuid NOT NULL DEFAULT gen_random_uuid(),
  name citext NOT NULL,
  attrs hstore,
  path ltree,
  rating int NOT NULL
);
CREATE INDEX place_name_trgm ON place USING gin (name gin_trgm_ops);
CREATE INDEX place_rating_gin ON place USING gin (rating);
CREATE INDEX place_rating_gist ON place USING gist (rating);
`;

describe('loadDdl with every supported contrib extension', () => {
  it('loads citext, pg_trgm, pgcrypto, uuid-ossp, btree_gin, btree_gist, hstore, ltree, unaccent', async () => {
    expect(requestedExtensions(DDL)).toEqual([
      'citext',
      'pg_trgm',
      'pgcrypto',
      'uuid-ossp',
      'btree_gin',
      'btree_gist',
      'hstore',
      'ltree',
      'unaccent',
    ]);
    const db = await loadDdl(DDL, 'extensions.sql');
    try {
      const installed = await db.query<{ extname: string }>(
        "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname",
      );
      expect(installed.rows.map((r) => r.extname)).toEqual([
        'btree_gin',
        'btree_gist',
        'citext',
        'hstore',
        'ltree',
        'pg_trgm',
        'pgcrypto',
        'unaccent',
        'uuid-ossp',
      ]);
      await db.query(
        "INSERT INTO place (name, attrs, path, rating) VALUES ('Café Zürich', 'a=>1', 'top.city.zurich', 5)",
      );
      const r = await db.query<Record<string, unknown>>(`
        SELECT name = 'CAFÉ ZÜRICH' AS citext_eq,
               similarity(name::text, 'Cafe Zurich') > 0 AS trgm,
               unaccent(name::text) AS plain,
               attrs -> 'a' AS hstore_a,
               path <@ 'top.city' AS ltree_under,
               length(gen_random_bytes(8)) AS random_len,
               id <> token AS two_uuids
        FROM place`);
      expect(r.rows).toEqual([
        {
          citext_eq: true,
          trgm: true,
          plain: 'Cafe Zurich',
          hstore_a: '1',
          ltree_under: true,
          random_len: 8,
          two_uuids: true,
        },
      ]);
    } finally {
      await db.close();
    }
  });
});
