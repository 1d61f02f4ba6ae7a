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
      "zh",
    );
    const [previous, current] = seriesOf(option);
    expect(previous!.data).toEqual([240, null, null]);
    expect(current!.data).toEqual([300, 200, 100]);
    expect(option.xAxis).toMatchObject({ data: ["第1天\n2024-04-04", "第2天\n2024-04-05", "第3天\n2024-04-06"] });
  });

  it("labels each average in whole people, written as the axis writes it; tooltips keep the exact figure", () => {
    const days = (visitors: number[], year: number) => visitors.map((v, i) => ({ date: `${year}-04-0${i + 4}`, visitors: v }));
    const option = (locale: "zh" | "en") =>
      perDayOption(days([52_248, 48_000, 45_266], 2024), days([57_504], 2023), { current: "2024", previous: "2023", day: String, value: "人次" }, locale);
    type Drawn = { markLine: { label: { formatter: (p: { value: unknown }) => string } }; tooltip: { valueFormatter: (v: unknown) => string } };
    const [zhPrevious, zhCurrent] = seriesOf(option("zh")) as unknown as Drawn[];
    expect(option("zh").yAxis).toMatchObject({ name: "万人次" });
    expect(zhPrevious!.markLine.label.formatter({ value: 57_504.86 })).toBe("5.75");
    expect(zhCurrent!.markLine.label.formatter({ value: 48_504.67 })).toBe("4.85");
    expect(zhCurrent!.tooltip.valueFormatter(52_248)).toBe("52,248");
    const [enPrevious] = seriesOf(option("en")) as unknown as Drawn[];
    expect(enPrevious!.markLine.label.formatter({ value: 57_504.86 })).toBe("57.5K");
    const small = perDayOption(days([300, 200], 2024), days([240], 2023), { current: "2024", previous: "2023", day: String, value: "人次" }, "zh");
    expect(small.yAxis).toMatchObject({ name: "人次" });
    expect((seriesOf(small) as unknown as Drawn[])[0]!.markLine.label.formatter({ value: 2504.86 })).toBe("2,505");
  });
});
