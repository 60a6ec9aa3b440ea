import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

/**
 * A view of a Prisma driver adapter factory whose connections, and the transactions they start,
 * pass every query through `intercept` before the driver sees it. Everything else is the
 * adapter's own.
 */
export function interceptQueries(factory: SqlDriverAdapterFactory, intercept: (query: SqlQuery) => SqlQuery): SqlDriverAdapterFactory {
  const wrapQueryable = <T extends SqlDriverAdapter | Transaction>(queryable: T): T => {
    const overrides: Partial<SqlDriverAdapter & Transaction> = {
      queryRaw: (query) => queryable.queryRaw(intercept(query)),
      executeRaw: (query) => queryable.executeRaw(intercept(query)),
    };
    if ("startTransaction" in queryable) {
      overrides.startTransaction = async (isolationLevel) => wrapQueryable(await (queryable as SqlDriverAdapter).startTransaction(isolationLevel));
    }
    return overriding(queryable, overrides);
  };
  return overriding(factory, { connect: async () => wrapQueryable(await factory.connect()) });
}

function overriding<T extends object>(target: T, overrides: object): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (Object.hasOwn(overrides, property)) return (overrides as Record<PropertyKey, unknown>)[property];
      const value = Reflect.get(object, property, receiver);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}
