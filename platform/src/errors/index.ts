export { ErrorCode } from "./errorCodes";
export { badUserInput, conflict, forbidden, invalidState, notFound, unauthenticated } from "./domainErrors";
export { createErrorFormatter } from "./formatError";
