export {
  SubgraphUnavailableError,
  isSubgraphUnavailable,
  isSubgraphFailure,
  isRetryable,
  connectionFailure,
  type UnavailableReason,
} from "./subgraphUnavailable";
