import type { CapabilityFactory } from "../capability";
import { operationRecordPlugin, recordSubgraphCalled, requestLogInterceptor } from "./requestLog";

/**
 * One structured info line per GraphQL request (`msg: "graphql request"`): request id, trace id,
 * operation, channel, store, status, error codes, duration, the subgraphs called and the response
 * cache's outcome. In the `envelope` stage (inside `requestId`), so refusals are logged too.
 * Successful requests are sampled by GATEWAY_REQUEST_LOG_SAMPLE; errors always logged.
 */
export const requestLogCapability: CapabilityFactory = ({ config, logger }) => ({
  name: "requestLog",
  intercept: { stage: "envelope", interceptor: requestLogInterceptor({ logger, sample: config.requestLog?.sample ?? 1 }) },
  plugins: [operationRecordPlugin()],
  subgraphFetch: { observeFetch: recordSubgraphCalled },
});
