import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { applyDomainMigrations } from "./applyMigrations";
import type { DatabaseTarget } from "./databaseTarget";
import { domainPaths, type DomainPathOptions, type DomainPaths } from "./domainPaths";
import { pgliteClientAdapter, pgliteMigrationAdapterFactory } from "./pgliteAdapters";
import { createClientPool, createMigrationPool, postgresClientAdapter, postgresMigrationAdapterFactory } from "./postgresAdapters";

export interface Database {
  readonly domain: string;
  readonly target: DatabaseTarget;
  /** Pass to the domain's generated client: `new PrismaClient({ adapter: database.adapter })`. */
  readonly adapter: SqlDriverAdapterFactory;
  /** Applies the domain's committed migrations not applied yet; returns their names. Run it before serving queries. */
  migrate(): Promise<string[]>;
  /** Ends the pool or closes PGlite (an open PGlite keeps the process alive). Safe to call twice. */
  close(): Promise<void>;
}

export type OpenDatabaseOptions = DomainPathOptions;

export async function openDatabase(domain: string, target: DatabaseTarget, options: OpenDatabaseOptions = {}): Promise<Database> {
  const paths = domainPaths(domain, options);
  return target.kind === "postgres" ? openPostgres(paths, target) : openPGlite(paths, target);
}

async function openPGlite(paths: DomainPaths, target: Extract<DatabaseTarget, { kind: "pglite" }>): Promise<Database> {
  if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
  const pglite = await PGlite.create(target.dataDir);
  const schema = quoteIdentifier(paths.domain);
  return {
    domain: paths.domain,
    target,
    adapter: pgliteClientAdapter(pglite),
    migrate: async () => {
      // The engine creates `_prisma_migrations` unqualified: search_path puts it in the domain's schema.
      await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
      try {
        return await applyDomainMigrations(paths, pgliteMigrationAdapterFactory(pglite, paths.domain));
      } finally {
        await pglite.exec("RESET search_path");
      }
    },
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

async function openPostgres(paths: DomainPaths, target: Extract<DatabaseTarget, { kind: "postgres" }>): Promise<Database> {
  const pool = createClientPool(target.url);
  let closed = false;
  return {
    domain: paths.domain,
    target,
    adapter: postgresClientAdapter(pool, paths.domain),
    migrate: async () => {
      const migrationPool = createMigrationPool(target.url, paths.domain);
      try {
        await migrationPool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(paths.domain)}`);
        return await applyDomainMigrations(paths, postgresMigrationAdapterFactory(migrationPool, paths.domain));
      } finally {
        await migrationPool.end();
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
