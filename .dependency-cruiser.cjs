// The layers point down only: infra ← transforms ← ingest ← queries. Tests may import any layer.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "infra-is-the-bottom",
      comment: "infra/ holds configuration, logging, the CLI frame and the adapters; it knows no stage above it",
      severity: "error",
      from: { path: "^infra/" },
      to: { path: "^(transforms|ingest|queries|test)/" },
    },
    {
      name: "transforms-below-ingest",
      comment: "transforms/ (schema, register, calendar) may use infra/ only",
      severity: "error",
      from: { path: "^transforms/" },
      to: { path: "^(ingest|queries|test)/" },
    },
    {
      name: "ingest-below-queries",
      comment: "ingest/ may use transforms/ and infra/, never the query layer",
      severity: "error",
      from: { path: "^ingest/" },
      to: { path: "^(queries|test)/" },
    },
    {
      name: "product-never-imports-tests",
      severity: "error",
      from: { path: "^queries/" },
      to: { path: "^test/" },
    },
    {
      name: "no-cycles",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)node_modules/|^data/|^test/artifacts/" },
    // TypeScript 7 ships no JavaScript compiler API, so swc reads the sources.
    parser: "swc",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".mjs", ".js"] },
  },
};
