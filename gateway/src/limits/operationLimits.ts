/** The limits every operation is held to at the gateway, before it is planned or any subgraph is called. */
export interface OperationLimits {
  /** GATEWAY_MAX_DEPTH: how deep fields may nest. */
  maxDepth: number;
  /** GATEWAY_MAX_ALIASES: how many aliased fields one operation may have. */
  maxAliases: number;
  /** GATEWAY_MAX_COST: see operationCost. */
  maxCost: number;
  /** GATEWAY_DEFAULT_LIST_SIZE: the items a list without a page-size argument counts for. */
  defaultListSize: number;
  /** GATEWAY_MAX_DOCUMENT_BYTES: the size of the query text, in UTF-8 bytes. */
  maxDocumentBytes: number;
  /** GATEWAY_PERSISTED_OPERATIONS: the trusted manifest's absolute path; undefined runs any operation. */
  persistedOperationsPath?: string;
  /** GATEWAY_BODY_LIMIT_BYTES: the largest HTTP request body read (413 beyond). */
  bodyLimitBytes: number;
}

/** Room for every query the apps, tests and benchmarks send today; production tunes them by environment. */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 20_000,
  defaultListSize: 10,
  maxDocumentBytes: 32 * 1024,
  bodyLimitBytes: 1024 * 1024,
};
