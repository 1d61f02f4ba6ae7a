import { describe, expect, it } from "vitest";
import { seriesOf } from "./series-of.ts";
import { perDayOption } from "./per-day.ts";

describe("perDayOption", () => {
  it("lines up day N of each year and leaves the missing days empty", () => {
    const option = perDayOption(
      [
        { date: "2024-04-04", visitors: 300 },
        { date: "2024-04-05", visitors: 200 },
        { date: "2024-04-06", visitors: 100 },
      ],
      [{ date: "2023-04-05", visitors: 240 }],
      { current: "2024", previous: "2023", day: (n) => `第${n}天`, value: "人次" },
    );
    const [previous, current] = seriesOf(option);
    expect(previous!.data).toEqual([240, null, null]);
    expect(current!.data).toEqual([300, 200, 100]);
    expect(option.xAxis).toMatchObject({ data: ["第1天\n2024-04-04", "第2天\n2024-04-05", "第3天\n2024-04-06"] });
  });
});
