import { DriverAdapterError, type SqlDriverAdapter } from "@prisma/driver-adapter-utils";

export interface MigrationBehaviour {
  /**
   * Schema holding `_prisma_migrations`; the engine reads it from the connection info.
   * Leave it out when diffing: the engine leaves names in this schema unqualified in the SQL it writes.
   */
  schemaName?: string;
  /** Runs a whole migration script at once (the engine's raw command). */
  runScript(script: string): Promise<void>;
  /** Extra clean-up after the wrapped adapter is disposed. */
  afterDispose?(): Promise<void>;
}

/**
 * Wraps a driver adapter for the schema engine. Both stock adapters fall short there:
 * pglite-prisma-adapter does not await `executeScript`, so a failing migration is recorded as applied,
 * and adapter-pg splits scripts on every `;`, which breaks `$$` bodies and string literals.
 */
export function adaptForMigrations(adapter: SqlDriverAdapter, behaviour: MigrationBehaviour): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    executeScript: async (script) => {
      try {
        await behaviour.runScript(script);
      } catch (error) {
        throw asDriverAdapterError(error);
      }
    },
    getConnectionInfo: () => {
      const info = { supportsRelationJoins: true, ...adapter.getConnectionInfo?.() };
      return behaviour.schemaName ? { ...info, schemaName: behaviour.schemaName } : info;
    },
    dispose: async () => {
      try {
        await adapter.dispose();
      } finally {
        await behaviour.afterDispose?.();
      }
    },
  };
}

interface PostgresErrorFields {
  message: string;
  code: string;
  severity: string;
  detail?: string;
  column?: string;
  hint?: string;
}

function isPostgresError(error: unknown): error is PostgresErrorFields {
  const fields = error as Partial<PostgresErrorFields> | null;
  return typeof fields?.code === "string" && typeof fields.severity === "string" && typeof fields.message === "string";
}

/** The engine only shows a database's message when it arrives as a DriverAdapterError. */
function asDriverAdapterError(error: unknown): unknown {
  if (!isPostgresError(error)) return error;
  return new DriverAdapterError({
    kind: "postgres",
    code: error.code,
    severity: error.severity,
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}
