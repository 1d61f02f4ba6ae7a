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
    // Inside queries/ three floors point down only: delivery (cli/, api/, dashboard/) → presentation
    // (present/) → domain (metrics/, reports/, live/, access/).
    {
      name: "domain-below-presentation-and-delivery",
      comment:
        "metrics/, reports/, live/ and access/ compute answers; how an answer is laid out (present/) or delivered (cli/, api/, dashboard/) may change without touching them",
      severity: "error",
      from: { path: "^queries/(metrics|reports|live|access)/" },
      to: { path: "^queries/(present|cli|api|dashboard)/" },
    },
    {
      name: "access-is-a-domain-leaf",
      comment:
        "every report and the live figures apply the one access policy, so access/ (scopes, breakdowns, the policy, disclosure, tokens) needs none of them; nor does it use metrics/, the maths the reports compute with",
      severity: "error",
      from: { path: "^queries/access/" },
      to: { path: "^queries/(reports|live|metrics)/" },
    },
    {
      name: "metrics-is-pure-maths",
      comment: "metrics/ is dates and percentages only; it knows no report, scope or policy",
      severity: "error",
      from: { path: "^queries/metrics/" },
      to: { path: "^queries/(?!metrics/)" },
    },
    {
      name: "presentation-below-delivery",
      comment: "present/ turns answers into tables, text and xlsx for every channel; the CLI, the API and the dashboard use it, never the reverse",
      severity: "error",
      from: { path: "^queries/present/" },
      to: { path: "^queries/(cli|api|dashboard)/" },
    },
    {
      name: "api-never-imports-cli",
      comment: "the CLI starts the API (tourism serve) and asks a running one for reports; the API serves without any command-line code",
      severity: "error",
      from: { path: "^queries/api/" },
      to: { path: "^queries/cli/" },
    },
    {
      name: "dashboard-client-imports-browser-safe-modules",
      comment:
        "the client is bundled for the browser: of queries/ it may use present/ and the answer schemas and pure types it validates and draws with, never a module that opens the warehouse or a server",
      severity: "error",
      from: { path: "^queries/dashboard/client/" },
      to: {
        path: "^queries/",
        pathNot:
          "^queries/(dashboard/client/|present/|reports/(schemas|forecast-schema)[.]ts$|access/(capabilities|scope)[.]ts$|metrics/periods[.]ts$|api/schemas[.]ts$)",
      },
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
