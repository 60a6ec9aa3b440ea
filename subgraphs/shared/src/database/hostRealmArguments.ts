import vm from "node:vm";
import type { SqlDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { interceptQueries } from "./interceptQueries";

const HostDate = vm.runInThisContext("Date") as DateConstructor;

/**
 * PGlite and its adapter are loaded by the host's `require` (see pgliteModule), but under Jest the
 * Prisma client and the caller's Dates live in the test's VM realm. Such a Date fails `instanceof
 * Date` in the adapter and in PGlite, which then rejects it ("Invalid input for date type"). This
 * re-creates foreign-realm Dates in the host realm before a query reaches the adapter; outside Jest
 * there is one realm and nothing changes.
 */
export function withHostRealmArguments(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return interceptQueries(factory, inHostRealm);
}

function inHostRealm(query: SqlQuery): SqlQuery {
  return { ...query, args: query.args.map(hostRealmValue) };
}

function hostRealmValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hostRealmValue);
  const isForeignDate = value !== null && typeof value === "object" && !(value instanceof HostDate) && Object.prototype.toString.call(value) === "[object Date]";
  return isForeignDate ? new HostDate((value as Date).getTime()) : value;
}
