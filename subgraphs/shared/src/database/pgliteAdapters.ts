import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import { adaptForMigrations } from "./migrationAdapter";
import { PGlite, PrismaPGlite } from "./pgliteModule";

/** What `new PrismaClient({ adapter })` takes for an in-process PGlite. */
export function pgliteClientAdapter(pglite: PGlite): SqlDriverAdapterFactory {
  // pglite-prisma-adapter is built against an older @prisma/driver-adapter-utils; the runtime contract is the same.
  return withPortableDates(new PrismaPGlite(pglite) as unknown as SqlDriverAdapterFactory);
}

/**
 * Under Jest, Prisma runs in the test's realm and the adapter and PGlite in the host's (see
 * pgliteModule), where `instanceof Date` is false for the test realm's dates: the adapter passes
 * them on unformatted and PGlite throws "Invalid input for date type". Dates are therefore handed
 * over as ISO strings, which the adapter turns into dates of its own realm (and PostgreSQL reads
 * as they are); outside Jest this changes nothing.
 */
function withPortableDates(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const portable = (query: SqlQuery): SqlQuery => ({ ...query, args: query.args.map(portableArg) });
  const wrapQueryable = <T extends SqlDriverAdapter | Transaction>(queryable: T): T =>
    new Proxy(queryable, {
      get(target, property, receiver) {
        if (property === "queryRaw" || property === "executeRaw") {
          return (query: SqlQuery) => target[property](portable(query));
        }
        if (property === "startTransaction" && "startTransaction" in target) {
          return async (isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]) =>
            wrapQueryable(await target.startTransaction(isolationLevel));
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(factory, {
    get(target, property, receiver) {
      if (property === "connect") return async () => wrapQueryable(await target.connect());
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function portableArg(arg: unknown): unknown {
  if (Array.isArray(arg)) return arg.map(portableArg);
  // Realm-independent: `instanceof Date` would answer for this module's realm, not PGlite's.
  return Object.prototype.toString.call(arg) === "[object Date]" ? (arg as Date).toISOString() : arg;
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
