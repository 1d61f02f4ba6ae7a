import { describe, expect, it } from "vitest";
import { WarehouseError } from "../../infra/warehouse/port.ts";
import { createStallWatch } from "./stall-watch.ts";

const transient = new WarehouseError("Code: 252. Too many parts", "transient");

describe("createStallWatch", () => {
  it("is overdue only once an operation has failed for longer than the patience, and clears when it succeeds", () => {
    let clock = 1000;
    const watch = createStallWatch(5000, () => clock);
    const write = watch.begin();
    write.failed(transient);
    clock += 3000;
    write.failed(transient);
    expect(watch.stalledMs()).toBe(3000);
    expect(watch.overdue()).toBe(false);
    clock += 2001;
    expect(watch.overdue()).toBe(true);
    write.ended();
    expect(watch.stalledMs()).toBe(0);
    expect(watch.overdue()).toBe(false);
  });

  it("counts from the oldest operation still failing", () => {
    let clock = 0;
    const watch = createStallWatch(5000, () => clock);
    const a = watch.begin();
    const b = watch.begin();
    a.failed(transient);
    clock = 4000;
    b.failed(transient);
    b.ended();
    clock = 6000;
    expect(watch.stalledMs()).toBe(6000);
    expect(watch.overdue()).toBe(true);
  });

  it("is overdue at once for a failure waiting cannot fix", () => {
    const watch = createStallWatch(60_000, () => 0);
    watch.begin().failed(new WarehouseError("Code: 60. Unknown table", "fatal"));
    expect(watch.overdue()).toBe(true);
  });
});
