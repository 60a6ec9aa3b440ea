export { ErrorCode } from "./errorCodes";
export { badUserInput, notFound, forbidden, unauthenticated } from "./domainErrors";
export { createErrorFormatter } from "./formatError";
