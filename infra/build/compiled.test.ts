import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compiledModule, manifestPath } from "./compiled.mjs";
import { sourcesManifest } from "./stamps.mjs";

describe("the compiled tree is used only when it was built from the sources as they are", () => {
  let root: string;
  const sources = ["queries/cli/main.ts", "infra/config.ts"];
  const built = () => {
    mkdirSync(join(root, "dist"), { recursive: true });
    writeFileSync(manifestPath(root), sourcesManifest(sources, root));
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "compiled-"));
    for (const path of sources) {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), "export const x = 1;\n");
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("names the compiled module of a source after a build", () => {
    built();
    expect(compiledModule("queries/cli/main.ts", root)).toBe(pathToFileURL(join(root, "dist/queries/cli/main.js")).href);
  });

  it("falls back to the sources without a build, or for a source the build did not compile", () => {
    expect(compiledModule("queries/cli/main.ts", root)).toBeUndefined();
    built();
    expect(compiledModule("queries/cli/other.ts", root)).toBeUndefined();
  });

  it("falls back to the sources once any compiled source is edited, even to the same size", () => {
    built();
    writeFileSync(join(root, "infra/config.ts"), "export const x = 2;\n");
    utimesSync(join(root, "infra/config.ts"), new Date(), new Date(Date.now() + 5000));
    expect(compiledModule("queries/cli/main.ts", root)).toBeUndefined();
  });

  it("falls back to the sources when a source was modified after the build began reading", () => {
    mkdirSync(join(root, "dist"), { recursive: true });
    writeFileSync(manifestPath(root), sourcesManifest(sources, root, Date.now() - 60_000));
    expect(compiledModule("queries/cli/main.ts", root)).toBeUndefined();
  });

  it("falls back to the sources when the manifest is cut short or not a manifest", () => {
    mkdirSync(join(root, "dist"), { recursive: true });
    for (const text of ["", '{"sources":', "null", "{}"]) {
      writeFileSync(manifestPath(root), text);
      expect(compiledModule("queries/cli/main.ts", root), text).toBeUndefined();
    }
  });

  it("falls back to the sources once a compiled source is removed", () => {
    built();
    rmSync(join(root, "infra/config.ts"));
    expect(compiledModule("queries/cli/main.ts", root)).toBeUndefined();
  });
});
