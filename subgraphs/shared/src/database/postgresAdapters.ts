import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { adaptForMigrations } from "./migrationAdapter";

export { PrismaPg };

/** The pool Prisma queries a domain through; the caller owns it and ends it. */
export function createClientPool(url: string): pg.Pool {
  return survivingDroppedConnections(new pg.Pool({ connectionString: url }));
}

/**
 * When the server ends an idle connection (a restart, a failover, DROP DATABASE ... WITH (FORCE),
 * an idle timeout) the pool discards it and connects afresh on next use, and emits 'error'; an
 * EventEmitter with no 'error' listener throws, which would take the whole process down.
 */
function survivingDroppedConnections(pool: pg.Pool): pg.Pool {
  pool.on("error", () => {});
  return pool;
}

export function postgresClientAdapter(pool: pg.Pool, schemaName: string): PrismaPg {
  return new PrismaPg(pool, { schema: schemaName });
}

/**
 * The engine's connection for one migration run. A single session, because the engine holds
 * `pg_advisory_lock` on it and creates `_prisma_migrations` unqualified, relying on search_path
 * to put it in the domain's schema (which must exist beforehand).
 */
export function createMigrationPool(url: string, schemaName: string): pg.Pool {
  return survivingDroppedConnections(new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schemaName}` }));
}

export function postgresMigrationAdapterFactory(migrationPool: pg.Pool, schemaName: string) {
  const stock = new PrismaPg(migrationPool, { schema: schemaName });
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: stock.adapterName,
    connect: async () =>
      adaptForMigrations((await stock.connect()) as SqlDriverAdapter, {
        schemaName,
        // One simple-protocol query: PostgreSQL runs a multi-statement script as one implicit transaction.
        runScript: async (script) => {
          await migrationPool.query(script);
        },
      }),
    connectToShadowDb: () =>
      Promise.reject(new Error("No shadow database on PostgreSQL here: schema diffs run against an in-memory PGlite.")),
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}
