import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { withHostRealmArguments } from "./hostRealmArguments";
import { adaptForMigrations } from "./migrationAdapter";
import { PGlite, PrismaPGlite } from "./pgliteModule";

/** What `new PrismaClient({ adapter })` takes for an in-process PGlite. */
export function pgliteClientAdapter(pglite: PGlite): SqlDriverAdapterFactory {
  // pglite-prisma-adapter is built against an older @prisma/driver-adapter-utils; the runtime contract is the same.
  return withHostRealmArguments(new PrismaPGlite(pglite) as unknown as SqlDriverAdapterFactory);
}

async function migrationConnection(pglite: PGlite, schemaName: string | undefined, afterDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const adapter = await pgliteClientAdapter(pglite).connect();
  return adaptForMigrations(adapter as SqlDriverAdapter, {
    schemaName,
    runScript: async (script) => {
      await pglite.exec(script);
    },
    afterDispose,
  });
}

/**
 * The schema engine's view of a domain's PGlite: the very instance Prisma uses (a data directory
 * cannot be opened twice). A shadow database, should the engine ask for one, is a fresh in-memory
 * PGlite closed with its connection.
 */
export function pgliteMigrationAdapterFactory(pglite: PGlite, schemaName: string) {
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: pgliteClientAdapter(pglite).adapterName,
    connect: () => migrationConnection(pglite, schemaName),
    connectToShadowDb: async () => {
      const shadow = new PGlite();
      return migrationConnection(shadow, schemaName, () => shadow.close());
    },
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

/**
 * For diffing only: one throwaway in-memory PGlite serves as both the main and the shadow database,
 * which spares starting a second PGlite (about a second each). No schema name: with `public` as the
 * connection's schema, the engine qualifies every name with the domain's schema in the SQL it writes.
 */
export function throwawayPGliteAdapterFactory(pglite: PGlite) {
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: pgliteClientAdapter(pglite).adapterName,
    connect: () => migrationConnection(pglite, undefined),
    connectToShadowDb: () => migrationConnection(pglite, undefined),
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}
