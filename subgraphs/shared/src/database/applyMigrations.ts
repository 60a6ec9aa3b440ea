import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { ErrorCapturingSqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { DomainPaths } from "./domainPaths";
import { readMigrationList } from "./migrationFiles";
import { NO_SCHEMA_FILTER, withSchemaEngine, type PrismaSchemaFile } from "./schemaEngine";

export class MigrationError extends Error {
  constructor(
    readonly domain: string,
    readonly migrationName: string | undefined,
    detail: string,
  ) {
    const which = migrationName ? `migration ${migrationName}` : "migrations";
    super(`Domain "${domain}": applying ${which} failed.\n${detail}`);
    this.name = "MigrationError";
  }
}

export async function readPrismaSchema(schemaPath: string): Promise<PrismaSchemaFile | undefined> {
  return existsSync(schemaPath) ? { path: schemaPath, content: await readFile(schemaPath, "utf8") } : undefined;
}

/** Applies the committed migrations not yet recorded in `_prisma_migrations`; returns their names. */
export async function applyDomainMigrations(
  paths: DomainPaths,
  adapterFactory: ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
): Promise<string[]> {
  const migrationsList = await readMigrationList(paths.migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) return [];
  const schema = await readPrismaSchema(paths.schemaPath);

  let migrationInProgress: string | undefined;
  const onLog = (line: string) => {
    migrationInProgress = migrationNameInLog(line) ?? migrationInProgress;
  };
  try {
    return await withSchemaEngine({ schema, adapterFactory, onLog }, async (engine) => {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_SCHEMA_FILTER });
      return appliedMigrationNames;
    });
  } catch (error) {
    throw new MigrationError(paths.domain, migrationInProgress, errorMessage(error));
  }
}

/** The engine logs a span per migration it applies (`"migration_name": "..."`). */
function migrationNameInLog(line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { span?: { migration_name?: unknown } };
    const name = entry.span?.migration_name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

/** An error's message; the schema engine's without the Rust span trace it appends ("   0: sql_schema_connector::..."). */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : JSON.stringify(error);
  return message.split(/\n\s+0: /)[0].trimEnd();
}
