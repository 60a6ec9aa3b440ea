export { REQUEST_ID_HEADER, TRACEPARENT_HEADER, readRequestId, readTraceparent, type TraceContext } from "./correlation";
export { answerErrors, type AnswerErrors, elapsedMs, loggedOperationName, MAX_LOGGED_OPERATION_NAME, requestOperationName } from "./logFields";
