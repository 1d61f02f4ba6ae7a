#!/usr/bin/env node
// The `tourism` command: runs the TypeScript entry point through tsx, with no build step.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
