/**
 * The import boundaries of the repository, checked by `npm run boundaries` (and `.ci/run`).
 * Production code only where a rule says so: tests may reach across to set up a scenario.
 */
const TESTS = "(^test/|^bench/|\\.test\\.ts$|/testSupport/)";
const DOMAINS = "^subgraphs/(catalog|inventory|customer|orders)/";
const PLATFORM_AND_KIT = "^(platform|subgraphs/shared)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "Production modules never import each other in a loop; a small contract module breaks one.",
      from: { pathNot: [TESTS, "/generated/"] },
      to: { circular: true, pathNot: [TESTS, "/generated/"] },
    },
    {
      name: "gateway-imports-no-subgraph",
      severity: "error",
      comment: "The gateway reaches the subgraphs over HTTP only; what both use is in platform/.",
      from: { path: "^gateway/", pathNot: TESTS },
      to: { path: "^subgraphs/" },
    },
    {
      name: "domain-imports-no-other-domain",
      severity: "error",
      comment: "Each domain is the single source of record for its data: another domain is reached through the gateway or a service client, never imported.",
      from: { path: "^subgraphs/([^/]+)/", pathNot: TESTS },
      to: { path: DOMAINS, pathNot: "^subgraphs/$1/" },
    },
    {
      name: "platform-and-kit-import-no-domain",
      severity: "error",
      comment: "platform/ and the subgraph kit serve every domain and name none.",
      from: { path: PLATFORM_AND_KIT, pathNot: TESTS },
      to: { path: DOMAINS },
    },
    {
      name: "platform-and-kit-import-no-gateway",
      severity: "error",
      from: { path: PLATFORM_AND_KIT, pathNot: TESTS },
      to: { path: "^gateway/" },
    },
    {
      name: "platform-imports-no-kit",
      severity: "error",
      comment: "The gateway uses platform/; were platform/ to import the kit, the gateway would load subgraph code.",
      from: { path: "^platform/", pathNot: TESTS },
      to: { path: "^subgraphs/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(node_modules|/generated/|\\.data/)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
