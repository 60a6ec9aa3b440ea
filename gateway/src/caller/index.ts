export { type CallerContext, type ClientCaller, readClientCaller, subgraphCallerHeaders } from "./clientCaller";
