import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { interceptQueries } from "../database";
import { countSqlStatement } from "../metrics";

/**
 * Counts the SQL statements Prisma sends through a driver adapter, transactions included.
 * It sits below Prisma, so it sees exactly what reaches the database whatever the client's
 * log settings; tests use it to prove batching ("one query per _entities batch"), and each
 * statement is counted against the GraphQL request it serves (`subgraph_sql_statements_per_request`).
 */
export class SqlStatementCounter {
  private count = 0;

  get total(): number {
    return this.count;
  }

  wrap(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
    return interceptQueries(factory, (query) => {
      this.count++;
      countSqlStatement();
      return query;
    });
  }
}
