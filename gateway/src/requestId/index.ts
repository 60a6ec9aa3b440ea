export { REQUEST_ID_HEADER, requestIdCapability, requestIdPart, traceContextPart } from "./requestId";
