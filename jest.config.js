/** Jest runs TypeScript through swc: no type-check here (that is `npm run typecheck`), decorators with metadata on. */
const swc = {
  jsc: {
    target: "es2022",
    parser: { syntax: "typescript", decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
  module: { type: "commonjs" },
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.tsx?$": ["@swc/jest", swc] },
  testMatch: ["<rootDir>/{platform,gateway,subgraphs,scripts,prisma,test}/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/.data/"],
  testTimeout: 120000,
  setupFiles: ["reflect-metadata"],
  // The path aliases of tsconfig.json.
  moduleNameMapper: {
    "^@platform/(.*)$": "<rootDir>/platform/src/$1",
    "^@subgraph-kit$": "<rootDir>/subgraphs/shared/src",
    "^@subgraph-kit/(.*)$": "<rootDir>/subgraphs/shared/src/$1",
  },
  // Names the seeded PGlite template the fault suites share (made on first use, removed at the end).
  globalSetup: "<rootDir>/test/support/globalSetup.ts",
  globalTeardown: "<rootDir>/test/support/globalTeardown.ts",
};
