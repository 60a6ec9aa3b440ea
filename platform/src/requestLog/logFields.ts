import type { HTTPGraphQLResponse } from "@apollo/server";

/** The longest operation name a log line carries; longer ones are cut (and end with `…`). */
export const MAX_LOGGED_OPERATION_NAME = 100;

/** A GraphQL name (the only thing a parsed operation name can be). */
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** What an error code may look like in a log line. */
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,64}$/;
/** Codes a log line lists at most (the count of errors is logged besides). */
const MAX_LOGGED_CODES = 10;

/**
 * An operation name fit for a log line: a GraphQL name, at most MAX_LOGGED_OPERATION_NAME
 * characters; anything else (a client's arbitrary `operationName` string) is left out, so that
 * no free text a client sends reaches the logs.
 */
export function loggedOperationName(name: unknown): string | undefined {
  if (typeof name !== "string" || !GRAPHQL_NAME.test(name)) return undefined;
  return name.length > MAX_LOGGED_OPERATION_NAME ? `${name.slice(0, MAX_LOGGED_OPERATION_NAME - 1)}…` : name;
}

/** The head of a document up to its first operation's name: ignored tokens (blanks, commas, comments), the keyword, the name. */
const FIRST_OPERATION = /^(?:[\s,\uFEFF]|#[^\n\r]*)*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;

/**
 * The operation name of a request body that Apollo Server has not resolved (a refusal, a
 * response cache hit): its `operationName` when it is a GraphQL name, else the name of the
 * document's first operation when the document starts with one (read from its head, not parsed);
 * bounded as `loggedOperationName`.
 */
export function requestOperationName(body: unknown): string | undefined {
  const { operationName, query } = (body ?? {}) as { operationName?: unknown; query?: unknown };
  if (operationName !== undefined && operationName !== null) return loggedOperationName(operationName);
  return typeof query === "string" ? loggedOperationName(FIRST_OPERATION.exec(query.slice(0, 4096))?.[1]) : undefined;
}

/** What a GraphQL answer says went wrong, for a log line: how many errors, and their distinct `extensions.code`s (never their messages). */
export interface AnswerErrors {
  errors: number;
  errorCodes: string[];
}

/**
 * The errors of an answer as whole JSON (`{"errors":[...]}`), read only when its text mentions
 * `"errors"`; an incremental (streamed) answer is not read. Messages are never kept: they may
 * quote what the client sent.
 */
export function answerErrors(response: HTTPGraphQLResponse): AnswerErrors {
  if (response.body.kind !== "complete" || !response.body.string.includes('"errors"')) return { errors: 0, errorCodes: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.string);
  } catch {
    return { errors: 0, errorCodes: [] };
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return { errors: 0, errorCodes: [] };
  const codes = new Set<string>();
  for (const error of errors) {
    const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
    if (typeof code === "string" && ERROR_CODE.test(code) && codes.size < MAX_LOGGED_CODES) codes.add(code);
  }
  return { errors: errors.length, errorCodes: [...codes] };
}

/** Milliseconds since `startedAt` (`performance.now()`), to a tenth. */
export function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 10) / 10;
}
