/**
 * Interactive-transaction limits for every subgraph's PrismaClient. Prisma's defaults (2 s to get
 * a connection, 5 s to finish) fail transactions with P2028 under a burst of checkouts, when
 * requests queue for the pool's connections: waiting longer is right there, the request
 * deadline at the gateway bounds the whole anyway.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;
