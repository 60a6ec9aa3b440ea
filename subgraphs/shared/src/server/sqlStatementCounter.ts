import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

/**
 * Counts the SQL statements Prisma sends through a driver adapter, transactions included.
 * It sits below Prisma, so it sees exactly what reaches the database whatever the client's
 * log settings; tests use it to prove batching ("one query per _entities batch").
 */
export class SqlStatementCounter {
  private count = 0;

  get total(): number {
    return this.count;
  }

  wrap(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
    return withMethods(factory, {
      connect: async () => this.wrapQueryable(await factory.connect()),
    });
  }

  private wrapQueryable<T extends SqlDriverAdapter | Transaction>(queryable: T): T {
    const overrides: Partial<SqlDriverAdapter & Transaction> = {
      queryRaw: (query) => {
        this.count++;
        return queryable.queryRaw(query);
      },
      executeRaw: (query) => {
        this.count++;
        return queryable.executeRaw(query);
      },
    };
    if ("startTransaction" in queryable) {
      overrides.startTransaction = async (isolationLevel) =>
        this.wrapQueryable(await (queryable as SqlDriverAdapter).startTransaction(isolationLevel));
    }
    return withMethods(queryable, overrides);
  }
}

/** A view of `target` whose listed methods are replaced; everything else is the target's own. */
function withMethods<T extends object>(target: T, overrides: object): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (Object.hasOwn(overrides, property)) return (overrides as Record<PropertyKey, unknown>)[property];
      const value = Reflect.get(object, property, receiver);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}
