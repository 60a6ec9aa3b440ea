import { GraphQLError } from "graphql";
import { ErrorCode } from "./errorCodes";

type Extensions = Record<string, unknown>;

function domainError(code: ErrorCode, message: string, extensions: Extensions = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** The caller sent something we cannot act on; `argument` names the offending argument. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return domainError(ErrorCode.BAD_USER_INPUT, message, argument ? { argument } : {});
}

export function notFound(message: string, extensions: Extensions = {}): GraphQLError {
  return domainError(ErrorCode.NOT_FOUND, message, extensions);
}

/** The action cannot be taken in the current state; `extensions` says which state (e.g. currentStatus). */
export function invalidState(message: string, extensions: Extensions): GraphQLError {
  return domainError(ErrorCode.BAD_USER_INPUT, message, extensions);
}

/** A concurrent change or one still under way; `extensions` may say when to retry (retryAfterSeconds). */
export function conflict(message: string, extensions: Extensions = {}): GraphQLError {
  return domainError(ErrorCode.CONFLICT, message, extensions);
}

export function forbidden(message: string): GraphQLError {
  return domainError(ErrorCode.FORBIDDEN, message);
}

export function unauthenticated(message: string): GraphQLError {
  return domainError(ErrorCode.UNAUTHENTICATED, message);
}
