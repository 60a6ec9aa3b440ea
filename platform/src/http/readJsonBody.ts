import type { IncomingMessage } from "node:http";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * Reads a request body up to `limitBytes`. A JSON body is parsed; any other content type is
 * returned as text for Apollo Server to reject with its own message (it answers 400, as the
 * GraphQL-over-HTTP spec wants, and applies its CSRF rules).
 */
export async function readBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limitBytes) throw tooLarge(limitBytes);

  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request) {
    received += (chunk as Buffer).length;
    if (received > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!isJson(request.headers["content-type"])) return text;
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `Request body is not valid JSON: ${(error as Error).message}`, "BAD_REQUEST");
  }
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/(graphql-response\+)?json\b/i.test(contentType);
}

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, `Request body exceeds the limit of ${limitBytes} bytes`, "PAYLOAD_TOO_LARGE");
}
