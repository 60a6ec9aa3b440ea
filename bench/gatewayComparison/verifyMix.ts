/**
 * Before a gateway is measured (and again after its warm-up): every operation of the mix
 * answers HTTP 200, data, no errors, nothing empty, and the same data as the first gateway
 * checked. A benchmark of error responses, or of wrong answers served fast, is worthless.
 */
import { type MixOperation, requestBody } from "./queryMix";

/** The data each operation answered, by operation name, as JSON. */
export type MixAnswers = Record<string, string>;

export class MixVerificationError extends Error {}

export async function verifyMix(url: string, mix: readonly MixOperation[], target: string, reference?: MixAnswers): Promise<MixAnswers> {
  const answers: MixAnswers = {};
  for (const operation of mix) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...operation.headers },
      body: requestBody(operation),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const fail = (problem: string) => {
      throw new MixVerificationError(`${target}: ${operation.name} ${problem}\n  response (HTTP ${response.status}): ${text.slice(0, 1500)}`);
    };
    if (response.status !== 200) fail(`answered HTTP ${response.status}`);
    let body: { data?: unknown; errors?: unknown[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return fail("did not answer JSON");
    }
    if (body.errors?.length) fail(`answered ${body.errors.length} GraphQL error(s)`);
    if (!body.data) fail("answered no data");
    const empty = operation.emptiness(body.data);
    if (empty) fail(`answered useless data: ${empty}`);
    answers[operation.name] = JSON.stringify(body.data);
    if (reference?.[operation.name] !== undefined && reference[operation.name] !== answers[operation.name]) {
      fail(`answered other data than the first gateway checked:\n  expected ${reference[operation.name]!.slice(0, 700)}\n  got      ${answers[operation.name]!.slice(0, 700)}`);
    }
  }
  return answers;
}
