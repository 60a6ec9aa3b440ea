export { type ClientCaller, subgraphCallerHeaders } from "./clientCaller";
