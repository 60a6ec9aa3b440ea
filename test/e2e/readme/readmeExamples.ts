import { readFileSync } from "node:fs";
import path from "node:path";
import { type DefinitionNode, Kind, type OperationDefinitionNode, parse, print } from "graphql";
import { REPO_ROOT } from "@platform/registry";

/**
 * The README's examples, as a reader runs them. Each ```graphql block names its caller in
 * comment lines, which hold until the next one:
 *
 *   # x-api-key: dev-web-key
 *   # x-api-key: dev-kiosk-london-key, authorization: Bearer $(npm run -s dev-token -- customer cust-0001)
 *
 * A block's operations run one after the other, in README order. `"<cart token>"` stands for
 * the token the example's `createCart`, then its `signInCart`, answered.
 */
export interface Caller {
  apiKey: string;
  /** The arguments of `npm run dev-token -- ...` for the person signed in, if any. */
  tokenArgs?: string[];
}

export interface ExampleOperation {
  /** Where it is in the README (1-based line of the block's opening fence). */
  line: number;
  caller: Caller;
  /** The operation alone (with the block's fragments), ready to send. */
  document: string;
  name: string;
}

export interface ShellExample {
  line: number;
  script: string;
}

export const README_PATH = path.join(REPO_ROOT, "README.md");
export const CART_TOKEN_PLACEHOLDER = '"<cart token>"';

const API_KEY = /x-api-key:\s*([\w-]+)/;
const TOKEN = /authorization:\s*Bearer \$\(npm run -s dev-token -- ([^)]+)\)/;

interface Block {
  language: string;
  line: number;
  lines: string[];
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  markdown.split("\n").forEach((text, index) => {
    const fence = /^\s*```(\w*)\s*$/.exec(text);
    if (!fence) {
      open?.lines.push(text);
      return;
    }
    if (open) {
      blocks.push(open);
      open = undefined;
    } else {
      open = { language: fence[1], line: index + 1, lines: [] };
    }
  });
  return blocks;
}

/** Every operation of every ```graphql block; throws when a block names no caller before its first operation. */
export function graphqlExamples(markdown = readFileSync(README_PATH, "utf8")): ExampleOperation[] {
  const operations: ExampleOperation[] = [];
  for (const block of fencedBlocks(markdown).filter((candidate) => candidate.language === "graphql")) {
    let caller: Caller | undefined;
    let pending: string[] = [];
    const flush = () => {
      const source = pending.join("\n");
      pending = [];
      if (!source.replace(/#.*$/gm, "").trim()) return;
      if (!caller) throw new Error(`README.md:${block.line}: the example names no caller (a "# x-api-key: ..." line) before its operations`);
      const definitions = parse(source).definitions;
      const fragments = definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
      for (const operation of definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)) {
        const document = print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] as DefinitionNode[] });
        const firstField = operation.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD)?.name.value;
        operations.push({ line: block.line, caller, document, name: `${operation.name?.value ?? `${operation.operation} { ${firstField} }`} (README.md:${block.line})` });
      }
    };
    for (const text of block.lines) {
      const apiKey = API_KEY.exec(text);
      const token = TOKEN.exec(text);
      if (text.trim().startsWith("#") && (apiKey || token)) {
        flush();
        caller = { apiKey: apiKey?.[1] ?? caller?.apiKey ?? "", tokenArgs: token ? token[1].trim().split(/\s+/) : apiKey ? undefined : caller?.tokenArgs };
      } else {
        pending.push(text);
      }
    }
    flush();
  }
  return operations;
}

/** The ```sh blocks that call the gateway (a line `curl ... 127.0.0.1:4000`). */
export function shellExamples(markdown = readFileSync(README_PATH, "utf8")): ShellExample[] {
  return fencedBlocks(markdown)
    .filter((block) => block.language === "sh" && block.lines.some((text) => /^\s*curl .*127\.0\.0\.1:4000/.test(text)))
    .map((block) => ({ line: block.line, script: block.lines.join("\n") }));
}

/**
 * What a reader would call a useless answer: a null or empty root field, or an empty list
 * anywhere (an example that shows nothing teaches nothing). Paths of each, empty when fine.
 */
export function emptyParts(data: unknown, at = ""): string[] {
  if (Array.isArray(data)) return data.length === 0 ? [at || "(root)"] : data.flatMap((item, index) => emptyParts(item, `${at}[${index}]`));
  if (data === null || typeof data !== "object") return [];
  return Object.entries(data).flatMap(([key, value]) => {
    const here = at ? `${at}.${key}` : key;
    if (!at && value === null) return [here];
    return emptyParts(value, here);
  });
}

/** The cart token an answer gives (`createCart { token }`, `signInCart { token }`), if any. */
export function cartTokenIn(data: unknown): string | undefined {
  const answer = data as Record<string, { token?: unknown } | null> | null | undefined;
  const token = answer?.createCart?.token ?? answer?.signInCart?.token;
  return typeof token === "string" ? token : undefined;
}
