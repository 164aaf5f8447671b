/**
 * The DDL generator on fixture DDL holding one of every construct
 * (test/fixtures/ddl/every-construct.sql): the catalog it reads, the drizzle model it
 * emits, determinism, and the drizzle ⇄ kysely type cross-check failing `tsc` on a
 * real disagreement.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedFile } from '../emit/files.js';
import { generateDdlWithSchema } from './index.js';
import type { DbSchema, TableDef } from './ir.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'test/fixtures/ddl/every-construct.sql');
const label = 'test/fixtures/ddl/every-construct.sql';

let files: GeneratedFile[];
let schema: DbSchema;
const file = (p: string) => files.find((f) => f.path === p)!.contents;
const table = (name: string): TableDef => schema.tables.find((t) => t.name === name)!;
const column = (t: string, c: string) => table(t).columns.find((x) => x.name === c)!;

beforeAll(async () => {
  const started = performance.now();
  ({ files, schema } = await generateDdlWithSchema({ ddlPath: fixture, sourceLabel: label }));
  console.log(
    `fixture DDL generated in ${Math.round(performance.now() - started)} ms (PGlite start included)`,
  );
});

describe('catalog read from the fixture DDL', () => {
  it('reads enums in declaration order, names with spaces included', () => {
    expect(schema.enums).toEqual([
      { name: 'account_status', values: ['active', 'suspended', 'deleted'] },
      { name: 'priority level', values: ['low', 'high'] },
    ]);
  });

  it.each([
    ['accounts', 'email', { name: 'varchar', length: 320, arrayDims: 0 }],
    ['accounts', 'previous_statuses', { name: 'account_status', isEnum: true, arrayDims: 1 }],
    ['accounts', 'grid', { name: 'int4', arrayDims: 2 }],
    ['accounts', 'balance', { name: 'numeric', precision: 12, scale: 2 }],
    ['accounts', 'local_ts', { name: 'timestamp', fractionalDigits: 3 }],
    ['accounts', 'country', { name: 'bpchar', length: 2 }],
    ['events', 'id', { name: 'int8' }],
  ])('%s.%s type', (t, c, expected) => {
    expect(column(t, c).type).toMatchObject(expected);
  });

  it('reads defaults as Postgres prints them, identity, serial and generated columns', () => {
    expect(column('accounts', 'tags').default).toBe("'{}'::text[]");
    expect(column('accounts', 'status').default).toBe("'active'::account_status");
    expect(column('events', 'id')).toMatchObject({
      identity: 'always',
      default: null,
      serial: false,
    });
    expect(column('events', 'code')).toMatchObject({ identity: 'by default', notNull: true });
    expect(column('events', 'seq')).toMatchObject({ serial: true, identity: null });
    expect(column('organisations', 'id').serial).toBe(true);
    expect(column('accounts', 'search').generated).toMatch(/^to_tsvector\('simple'::regconfig/);
    expect(column('accounts', 'search').default).toBeNull();
  });

  it('reads keys, FK actions, NULLS NOT DISTINCT uniques and checks', () => {
    expect(table('memberships').primaryKey).toEqual({
      name: 'memberships_pkey',
      columns: ['organisation_id', 'account_id'],
    });
    expect(table('organisations').foreignKeys.map((f) => [f.name, f.onDelete, f.onUpdate])).toEqual(
      [
        ['organisations_created_by_fk', 'set null', 'no action'],
        ['organisations_owner_fk', 'restrict', 'cascade'],
        ['organisations_parent_id_fkey', 'set null', 'no action'],
      ],
    );
    expect(table('events').foreignKeys[0]).toMatchObject({
      columns: ['organisation_id', 'account_id'],
      foreignTable: 'memberships',
      foreignColumns: ['organisation_id', 'account_id'],
    });
    expect(table('events').uniques).toEqual([
      { name: 'events_org_code_key', columns: ['organisation_id', 'code'], nullsNotDistinct: true },
    ]);
    expect(table('accounts').checks.map((c) => c.name)).toEqual([
      'accounts_balance_nonneg',
      'accounts_email_lower',
    ]);
  });

  it('reads partial, expression, opclass, descending and NULLS LAST index elements', () => {
    const idx = (name: string) => table('accounts').indexes.find((i) => i.name === name)!;
    expect(idx('accounts_active_created_idx')).toMatchObject({
      where: "(status = 'active'::account_status)",
      elements: [{ column: 'created_at', descending: true, nullsFirst: null }],
    });
    expect(idx('accounts_lower_name_idx').elements[0]).toMatchObject({
      column: null,
      expression: 'lower(display_name)',
    });
    expect(idx('accounts_email_pattern_idx').elements[0]!.opclass).toBe('varchar_pattern_ops');
    expect(idx('accounts_tags_gin')).toMatchObject({
      method: 'gin',
      elements: [{ opclass: null }],
    });
    expect(idx('accounts_status_created_idx').elements[1]).toMatchObject({
      descending: true,
      nullsFirst: false,
    });
    expect(idx('accounts_email_key').unique).toBe(true);
  });

  it('keeps comments', () => {
    expect(table('accounts').comment).toBe('People who can sign in.');
    expect(column('accounts', 'email').comment).toBe('Stored lower-case; unique.');
  });
});

describe('emitted drizzle model', () => {
  it.each([
    [
      'enum',
      `export const accountStatus = pgEnum('account_status', ['active', 'suspended', 'deleted']);`,
    ],
    [
      'enum with a space',
      `export const priorityLevel = pgEnum('priority level', ['low', 'high']);`,
    ],
    ['uuid default', `id: uuid('id').primaryKey().defaultRandom(),`],
    ['varchar length', `email: varchar('email', { length: 320 }).notNull(),`],
    ['enum default', `status: accountStatus('status').notNull().default('active'),`],
    [
      'array default kept verbatim',
      "tags: text('tags')\n      .array()\n      .notNull()\n      .default(sql`'{}'::text[]`),",
    ],
    ['2-D array', `grid: integer('grid').array().array(),`],
    ['jsonb typed', `settings: jsonb('settings')\n      .$type<JsonValue>()`],
    [
      'numeric exact',
      `balance: numeric('balance', { precision: 12, scale: 2 }).notNull().default('0'),`,
    ],
    [
      'bigint as number',
      `bigCounter: bigint('big_counter', { mode: 'number' }).notNull().default(0),`,
    ],
    ['date as string', `birthday: date('birthday', { mode: 'string' }),`],
    ['timestamp precision', `localTs: timestamp('local_ts', { mode: 'date', precision: 3 }),`],
    [
      'timestamptz',
      `createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),`,
    ],
    ['custom bytea', `avatar: byteaType('avatar'),`],
    ['generated column', `search: tsvectorType('search').generatedAlwaysAs(`],
    [
      'identity always',
      `id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),`,
    ],
    ['identity by default', `code: integer('code').generatedByDefaultAsIdentity(),`],
    ['bigserial', `seq: bigserial('seq', { mode: 'number' }),`],
    ['serial', `id: serial('id').primaryKey(),`],
    [
      'composite PK',
      `primaryKey({ name: 'memberships_pkey', columns: [t.organisationId, t.accountId] }),`,
    ],
    ['FK actions', `.onDelete('restrict')\n      .onUpdate('cascade'),`],
    ['self-referencing FK', `foreignColumns: [t.id],`],
    ['composite FK', `foreignColumns: [memberships.organisationId, memberships.accountId],`],
    [
      'unique NULLS NOT DISTINCT',
      `unique('events_org_code_key').on(t.organisationId, t.code).nullsNotDistinct(),`,
    ],
    ['check', "check('accounts_balance_nonneg', sql`(balance >= (0)::numeric)`),"],
    ['partial index', ".where(sql`(status = 'active'::account_status)`),"],
    [
      'expression index',
      "index('accounts_lower_name_idx').using('btree', sql`lower(display_name)`),",
    ],
    [
      'non-default opclass',
      `index('accounts_email_pattern_idx').using('btree', t.email.op('varchar_pattern_ops')),`,
    ],
    ['jsonb_path_ops', `index('events_payload_idx').using('gin', t.payload.op('jsonb_path_ops')),`],
    ['DESC NULLS LAST', `t.status, t.createdAt.desc().nullsLast()`],
    [
      'DESC (nulls first, spelled out for drizzle)',
      `.using('btree', t.createdAt.desc().nullsFirst())`,
    ],
    ['unique index', `uniqueIndex('accounts_email_key').using('btree', t.email),`],
    ['table comment', `/**\n * People who can sign in.\n */\nexport const accounts = pgTable(`],
    ['column comment', `    /**\n     * Stored lower-case; unique.\n     */\n    email:`],
    [
      'row types',
      `export type AccountsRow = typeof accounts.$inferSelect;\nexport type AccountsInsert = typeof accounts.$inferInsert;`,
    ],
    [
      'relation, child side',
      `owner: one(accounts, {\n    fields: [organisations.ownerId],\n    references: [accounts.id],\n    relationName: 'organisations_owner_fk',\n  }),`,
    ],
    [
      'relation, two FKs to one parent',
      `organisationsByOwner: many(organisations, { relationName: 'organisations_owner_fk' }),`,
    ],
    ['relation, one-to-one parent side', `profile: one(profiles),`],
    [
      'relation, self-reference',
      `organisationsByParent: many(organisations, { relationName: 'organisations_parent_id_fkey' }),`,
    ],
  ])('%s', (_name, snippet) => {
    expect(file('db/schema.ts')).toContain(snippet);
  });

  it('declares parents before children', () => {
    const order = [...file('db/schema.ts').matchAll(/export const (\w+) = pgTable/g)].map(
      (m) => m[1],
    );
    expect(order).toEqual(['accounts', 'organisations', 'memberships', 'events', 'profiles']);
  });

  it('stamps every file with its source and "DO NOT EDIT"', () => {
    expect(files.map((f) => f.path)).toEqual(['db/schema.ts', 'db/kysely.ts', 'db/types-agree.ts']);
    for (const f of files) {
      expect(f.contents.split('\n')[1]).toBe(
        `// GENERATED by spec-suite (${f.path === 'db/schema.ts' ? 'ddl/drizzle' : f.path === 'db/kysely.ts' ? 'ddl/kysely-codegen' : 'ddl/types-agree'}) from ${label}. DO NOT EDIT.`,
      );
    }
  });

  it('is deterministic: a second run is byte-identical', async () => {
    const again = await generateDdlWithSchema({ ddlPath: fixture, sourceLabel: label });
    expect(again.files).toEqual(files);
  });
});

describe('drizzle ⇄ kysely type agreement', () => {
  const dir = path.join(root, '.tmp', `ddl-agree-${process.pid}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('type-checks when they agree and fails tsc naming the column when they do not', () => {
    for (const variant of ['ok', 'bad']) {
      mkdirSync(path.join(dir, variant, 'db'), { recursive: true });
      for (const f of files) {
        let text = f.contents;
        // A real disagreement: kysely says accounts.display_name is a number.
        if (variant === 'bad' && f.path === 'db/kysely.ts') {
          text = text.replace('displayName: string | null;', 'displayName: number | null;');
          expect(text).not.toBe(f.contents);
        }
        writeFileSync(path.join(dir, variant, f.path), text);
      }
    }
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: '../../tsconfig.json', include: ['**/*.ts'], exclude: [] }),
    );
    let output = '';
    try {
      execFileSync(
        process.execPath,
        [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir],
        {
          cwd: root,
          stdio: 'pipe',
        },
      );
    } catch (e) {
      output = String((e as { stdout: Buffer }).stdout);
    }
    const errors = [...output.matchAll(/^(.*?)\((\d+),\d+\): error/gm)];
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.map((m) => m[1]))).toEqual(
      new Set([`.tmp/ddl-agree-${process.pid}/bad/db/types-agree.ts`]),
    );
    // Each failing assertion is one about that column (the lines tsc points at).
    const agree = file('db/types-agree.ts').split('\n');
    for (const m of errors) {
      const line = Number(m[2]);
      expect(agree.slice(line - 1, line + 3).join(' ')).toContain(`['displayName']`);
    }
  });
});
