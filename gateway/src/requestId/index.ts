export { REQUEST_ID_HEADER, requestIdCapability, requestIdPart } from "./requestId";
