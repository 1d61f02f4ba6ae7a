import { describe, expect, it } from "vitest";
import { heapBoundMb } from "./heap.mjs";

const argv = (command: string) => ["/usr/bin/node", "/opt/tourism/infra/build/tourism.mjs", command, "--port", "8080"];

describe("the heap bound of tourism's commands", () => {
  it("bounds the long-running commands when asked and leaves the others, and everything by default, to node", () => {
    for (const command of ["ingest", "run", "start"]) expect(heapBoundMb(argv(command), { TOURISM_NODE_MAX_HEAP_MB: "256" }, [])).toBe(256);
    for (const command of ["ingest", "run", "start"]) expect(heapBoundMb(argv(command), {}, [])).toBeUndefined();
    for (const command of ["serve", "report", "import", "migrate", "--help"])
      expect(heapBoundMb(argv(command), { TOURISM_NODE_MAX_HEAP_MB: "256" }, [])).toBeUndefined();
  });

  it("takes TOURISM_NODE_MAX_HEAP_MB, 0 for node's own bound", () => {
    expect(heapBoundMb(argv("ingest"), { TOURISM_NODE_MAX_HEAP_MB: "512" }, [])).toBe(512);
    expect(heapBoundMb(argv("ingest"), { TOURISM_NODE_MAX_HEAP_MB: "0" }, [])).toBeUndefined();
  });

  it("leaves a value that is not a number to the configuration's check", () => {
    expect(heapBoundMb(argv("run"), { TOURISM_NODE_MAX_HEAP_MB: "lots" }, [])).toBeUndefined();
  });

  it("keeps a bound node was started with, in its arguments or NODE_OPTIONS (a person's, or the launcher's child)", () => {
    expect(heapBoundMb(argv("ingest"), { TOURISM_NODE_MAX_HEAP_MB: "256" }, ["--max-old-space-size=1024"])).toBeUndefined();
    expect(heapBoundMb(argv("start"), { TOURISM_NODE_MAX_HEAP_MB: "256", NODE_OPTIONS: "--enable-source-maps --max-old-space-size=2048" }, [])).toBeUndefined();
  });
});
