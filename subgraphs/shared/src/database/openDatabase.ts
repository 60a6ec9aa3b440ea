import { mkdir } from "node:fs/promises";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { applyDomainMigrations, errorMessage, MigrationError } from "./applyMigrations";
import type { DatabaseTarget } from "./databaseTarget";
import { domainPaths, type DomainPathOptions, type DomainPaths } from "./domainPaths";
import { pgliteClientAdapter, pgliteMigrationAdapterFactory } from "./pgliteAdapters";
import { PGlite } from "./pgliteModule";
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
  const pglite = await createPGlite(target.dataDir).catch((error: unknown) => {
    throw new Error(`Domain "${paths.domain}": cannot open PGlite ${target.dataDir ?? "in memory"}: ${errorMessage(error)}`);
  });
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

async function createPGlite(dataDir: string | undefined): Promise<PGlite> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  return PGlite.create(dataDir);
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
        await createSchemaIfMissing(migrationPool, paths.domain).catch((error: unknown) => {
          throw new MigrationError(paths.domain, undefined, `Cannot create schema "${paths.domain}": ${errorMessage(error)}`);
        });
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

/** Two processes of a domain may start together: IF NOT EXISTS alone still lets one of them fail. */
async function createSchemaIfMissing(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== DUPLICATE_SCHEMA && code !== UNIQUE_VIOLATION) throw error;
  }
}
const DUPLICATE_SCHEMA = "42P06";
const UNIQUE_VIOLATION = "23505";

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
