import { z } from "zod";
import { isIsoDate } from "./dates.ts";
import y2018 from "./holidays/2018.json" with { type: "json" };
import y2019 from "./holidays/2019.json" with { type: "json" };
import y2020 from "./holidays/2020.json" with { type: "json" };
import y2021 from "./holidays/2021.json" with { type: "json" };
import y2022 from "./holidays/2022.json" with { type: "json" };
import y2023 from "./holidays/2023.json" with { type: "json" };
import y2024 from "./holidays/2024.json" with { type: "json" };
import y2025 from "./holidays/2025.json" with { type: "json" };
import y2026 from "./holidays/2026.json" with { type: "json" };

/** One official notice year (holiday-cn format); extra fields ($schema, papers) are ignored. */
export const noticeSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  days: z.array(
    z.object({
      name: z.string().min(1),
      date: z.string().refine(isIsoDate, "expected a date YYYY-MM-DD"),
      isOffDay: z.boolean(),
    }),
  ),
});

export type Notice = z.infer<typeof noticeSchema>;

/** The bundled notices, validated once when the module loads (they ship with the code). */
export const officialNotices: Notice[] = [y2018, y2019, y2020, y2021, y2022, y2023, y2024, y2025, y2026].map((raw, i) => {
  const parsed = noticeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`transforms/calendar/holidays/${2018 + i}.json: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
});
