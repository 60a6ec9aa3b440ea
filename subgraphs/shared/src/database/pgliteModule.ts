import vm from "node:vm";
import type * as PGliteExports from "@electric-sql/pglite";
import type * as PGliteAdapterExports from "pglite-prisma-adapter";

/**
 * PGlite's CommonJS build loads Node built-ins with `import()`, which Jest's sandbox rejects unless Node
 * runs with --experimental-vm-modules (electric-sql/pglite#224). So PGlite and its Prisma adapter are
 * loaded by the host's own `require`, which `vm.runInThisContext` reaches even from inside Jest; outside
 * Jest this is an ordinary require. Both come from the same loader, so the adapter recognises PGlite's
 * errors (it maps them with `instanceof`).
 */
const hostProcess = vm.runInThisContext("process") as NodeJS.Process;
const hostRequire = hostProcess.getBuiltinModule("module").createRequire(__filename);

export const { PGlite } = hostRequire("@electric-sql/pglite") as typeof PGliteExports;
export type PGlite = PGliteExports.PGlite;
export const { PrismaPGlite } = hostRequire("pglite-prisma-adapter") as typeof PGliteAdapterExports;
