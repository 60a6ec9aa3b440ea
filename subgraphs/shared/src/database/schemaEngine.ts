import { readFileSync } from "node:fs";
import path from "node:path";
import type { ErrorCapturingSqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm" with { "resolution-mode": "import" };

export type {
  MigrationList,
  SchemaEngine,
  SchemaFilter,
} from "@prisma/schema-engine-wasm" with { "resolution-mode": "import" };

type SchemaEngineClass = typeof SchemaEngine;

/** The slice of the WebAssembly API used here: the project's TypeScript libs (ES2023, no DOM) do not declare it. */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, object>) => { exports: Record<string, unknown> };
}
const { WebAssembly } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

/**
 * The package's entry `import`s its .wasm file, which neither Node's CommonJS loader nor Jest can do.
 * So the wasm-bindgen glue (schema_engine_bg.js) is evaluated here and the wasm instantiated by hand.
 *
 * The glue is evaluated with `new Function` rather than `require`d because it is ESM and, above all,
 * because it must live in the caller's realm: it checks `value instanceof Promise` on what the driver
 * adapters return, and under Jest the test code runs in its own realm (a `require`d glue would not
 * recognise those promises).
 *
 * The engine's timers (e.g. the 10 s advisory-lock timeout) are never cleared, so the glue gets an
 * unref'ed setTimeout: otherwise every migration run would keep the process alive for 10 s.
 */
function unrefSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(callback, ms).unref();
}

function instantiateSchemaEngine(): SchemaEngineClass {
  const packageDir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
  const glueSource = readFileSync(path.join(packageDir, "schema_engine_bg.js"), "utf8");
  const exportedNames = [...glueSource.matchAll(/^export (?:function|class) ([A-Za-z0-9_$]+)/gm)].map((match) => match[1]);
  const glueBody = glueSource.replace(/^export (function|class) /gm, "$1 ");
  if (/^(export|import) /m.test(glueBody)) {
    throw new Error(`${packageDir}/schema_engine_bg.js has import/export forms this loader does not handle; check the package version.`);
  }
  const moduleBody = `${glueBody}\nreturn { ${exportedNames.join(", ")} };`;
  const glue = new Function("setTimeout", moduleBody)(unrefSetTimeout) as Record<string, unknown> & {
    __wbg_set_wasm(exports: Record<string, unknown>): void;
    SchemaEngine: SchemaEngineClass;
  };

  const wasmModule = new WebAssembly.Module(readFileSync(path.join(packageDir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(wasmModule, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue.SchemaEngine;
}

let schemaEngineClass: SchemaEngineClass | undefined;

function loadSchemaEngine(): SchemaEngineClass {
  schemaEngineClass ??= instantiateSchemaEngine();
  return schemaEngineClass;
}

export interface PrismaSchemaFile {
  path: string;
  content: string;
}

export interface SchemaEngineSession {
  schema: PrismaSchemaFile | undefined;
  adapterFactory: ErrorCapturingSqlMigrationAwareDriverAdapterFactory;
  /** Receives the engine's log lines (JSON). */
  onLog?: (line: string) => void;
}

export const NO_SCHEMA_FILTER = { externalTables: [], externalEnums: [] };

/** Runs `work` with a fresh engine and frees the engine's wasm memory afterwards, whatever happens. */
export async function withSchemaEngine<T>(session: SchemaEngineSession, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const SchemaEngine = loadSchemaEngine();
  const datamodels: [string, string][] | undefined = session.schema && [[session.schema.path, session.schema.content]];
  const engine = await SchemaEngine.new({ datamodels }, (line: string) => session.onLog?.(line), session.adapterFactory);
  try {
    return await work(engine);
  } finally {
    engine.free();
  }
}
