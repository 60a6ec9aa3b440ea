export { type CallerContext, callerOf, type ClientCaller, rememberCaller, subgraphCallerHeaders } from "./clientCaller";
