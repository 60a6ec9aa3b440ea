import { PGlite } from "./pgliteModule";
import { errorMessage, readPrismaSchema } from "./applyMigrations";
import { domainPaths, type DomainPathOptions } from "./domainPaths";
import { readMigrationList } from "./migrationFiles";
import { throwawayPGliteAdapterFactory } from "./pgliteAdapters";
import { NO_SCHEMA_FILTER, withSchemaEngine } from "./schemaEngine";

/** `diff` exits with 2 when the two sides differ (as `prisma migrate diff --exit-code`). */
const DIFF_FOUND = 2;

/**
 * The SQL of the migration that brings prisma/<domain>/migrations in step with schema.prisma,
 * or null when they already are. The committed migrations are replayed on an in-memory PGlite.
 */
export async function diffSchemaAgainstMigrations(domain: string, options: DomainPathOptions = {}): Promise<string | null> {
  const paths = domainPaths(domain, options);
  const schema = await readPrismaSchema(paths.schemaPath);
  if (!schema) throw new Error(`Domain "${domain}": no Prisma schema at ${paths.schemaPath}.`);
  const migrationsList = await readMigrationList(paths.migrationsDir);

  const shadow = await PGlite.create();
  try {
    const result = await withSchemaEngine({ schema, adapterFactory: throwawayPGliteAdapterFactory(shadow) }, (engine) =>
      engine.diff({
        from: migrationsList.migrationDirectories.length > 0 ? { tag: "migrations", ...migrationsList } : { tag: "empty" },
        to: { tag: "schemaDatamodel", files: [schema] },
        script: true,
        exitCode: true,
        filters: NO_SCHEMA_FILTER,
      }),
    );
    return result.exitCode === DIFF_FOUND ? result.stdout : null;
  } catch (error) {
    throw new Error(`Domain "${domain}": cannot diff ${paths.schemaPath} against ${paths.migrationsDir}.\n${errorMessage(error)}`);
  } finally {
    await shadow.close();
  }
}
