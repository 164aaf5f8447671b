/**
 * `npm run lint:sql`: the ORM-only rule (spec-coding rule 5). Fails when code under
 * app/ writes SQL text: drizzle's or kysely's `sql` template (tagged, `.raw`, `.join`,
 * imported at all), or a driver call that runs a statement (`.query(` / `.exec(` /
 * `.execute(` / `.unsafe(` on a pg, PGlite, postgres.js, drizzle or kysely object).
 *
 * It uses the TypeScript type checker rather than a regex, so `c.req.query('page')`
 * (Hono) or a comment mentioning SELECT is not a finding, and an aliased import
 * (`import { sql as q }`) still is.
 *
 * Exempt: app/db/migrate.ts, which runs the migration files and seed rows ("DDL and
 * migrations are the only SQL"; nothing in it takes request input), and its test, which
 * must read the catalog and the ledger to prove what a migration did.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export const EXEMPT = ['app/db/migrate.ts', 'app/db/migrate.test.ts'];

/** Packages whose `sql` tag writes SQL text, and whose objects execute statements. */
const SQL_PACKAGES =
  /[\\/]node_modules[\\/](drizzle-orm|kysely|pg|pg-pool|@types[\\/]pg|postgres|@electric-sql[\\/]pglite)[\\/]/;
const EXECUTING_METHODS = new Set(['query', 'exec', 'execute', 'unsafe', 'executeQuery']);

export interface Finding {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function listTsFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'node_modules') walk(p);
      } else if (/\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const fromSqlPackage = (decls: readonly ts.Declaration[] | undefined) =>
  (decls ?? []).some((d) => SQL_PACKAGES.test(d.getSourceFile().fileName));

export function findRawSql(files: string[], root: string): Finding[] {
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const findings: Finding[] = [];
  const report = (sf: ts.SourceFile, node: ts.Node, message: string) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    const file = path.relative(root, sf.fileName).split(path.sep).join('/');
    if (!findings.some((f) => f.file === file && f.line === line + 1)) {
      findings.push({ file, line: line + 1, column: character + 1, message });
    }
  };
  const resolve = (node: ts.Node) => {
    let sym = checker.getSymbolAtLocation(node);
    if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    return sym;
  };

  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text !== 'default') {
        const sym = resolve(node);
        if (sym?.name === 'sql' && fromSqlPackage(sym.declarations)) {
          report(
            sf,
            node,
            'raw SQL: the `sql` template writes SQL text; use the drizzle query builder',
          );
        }
      }
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        if (EXECUTING_METHODS.has(method)) {
          const receiver = checker.getTypeAtLocation(node.expression.expression);
          const decls = [
            ...(receiver.getSymbol()?.declarations ?? []),
            ...(resolve(node.expression.name)?.declarations ?? []),
          ];
          if (fromSqlPackage(decls)) {
            report(
              sf,
              node,
              `raw SQL: .${method}() runs a statement on a database driver; use the drizzle query builder`,
            );
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export function checkRawSql(appDir: string, root: string): Finding[] {
  const exempt = new Set(EXEMPT.map((p) => path.resolve(root, p)));
  const files = listTsFiles(appDir).filter((f) => !exempt.has(path.resolve(f)));
  return findRawSql(files, root);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = process.cwd();
  const appDir = path.resolve(root, process.argv[2] ?? 'app');
  const findings = checkRawSql(appDir, root);
  for (const f of findings) process.stderr.write(`${f.file}:${f.line}:${f.column} ${f.message}\n`);
  const label = path.relative(root, appDir) || '.';
  if (findings.length) {
    process.stderr.write(
      `lint:sql: ${findings.length} raw SQL use(s) in ${label}/ (ORM only: spec-coding rule 5)\n`,
    );
    process.exitCode = 1;
  } else {
    process.stdout.write(`lint:sql: no raw SQL in ${label}/ (exempt: ${EXEMPT.join(', ')})\n`);
  }
}
