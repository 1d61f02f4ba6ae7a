import type { ForecastNote, ForecastReport } from "../reports/forecast-schema.ts";
import { countText, wholePeople } from "./format.ts";
import { type Words, words } from "./tabular.ts";

/** What a note is about: the report's scope or one site; Chinese readers get its Chinese name, English ones its id. */
export interface NoteSubject {
  id: string;
  name_zh: string;
}

const yearsZh = (years: readonly number[]) => `${years.join("、")} 年`;
const yearsEn = (years: readonly number[]) => years.join(", ");

/** The interval drawn wider than the measured misses, as a clause closing a note. */
const widenedWords = (by: number | null): Words => (by === null ? words("", "") : words(`；区间放宽为 ${by} 倍`, `; interval widened ×${by}`));

/** A note about the subject: its name first, as the English notes name its id. */
function about(subject: NoteSubject, zh: string, en: string, by: number | null = null): Words {
  const widened = widenedWords(by);
  return words(`${subject.name_zh}：${zh}${widened.zh}。`, `${subject.id}: ${en}${widened.en}`);
}

/** One forecast note in both languages. */
export function forecastNoteWords(note: ForecastNote, subject: NoteSubject): Words {
  switch (note.code) {
    case "too_little_history":
      return about(
        subject,
        `截至 ${note.window_end} 的 ${note.days} 天内有数据的不足 ${note.min_days} 天，历史太少：不作预测`,
        `too little history in the ${note.days} days to ${note.window_end} (fewer than ${note.min_days} days with data): no forecast`,
      );
    case "no_earlier_year":
      return about(
        subject,
        `往年同一假日均无数据（不计 ${yearsZh(note.left_out)}）：不作预测`,
        `no earlier year of this holiday with data (${yearsEn(note.left_out)} left out): no forecast`,
      );
    case "one_earlier_year":
      return about(subject, `逐日分布只有 ${note.year} 年一年可参照`, `only one earlier year (${note.year}) to draw the day profile from`, note.widened_by);
    case "weeks_in_closures":
      return about(
        subject,
        `本假日前几周落在停业年份（${yearsZh(note.closure_years)}），客流水平不可靠`,
        `the weeks before this holiday fall in the closure years (${yearsEn(note.closure_years)}): its level is unreliable`,
        note.widened_by,
      );
    case "length_changed":
      return about(
        subject,
        `本假日共 ${note.days} 天，与参照的部分年份天数不同：首日对首日、末日对末日`,
        `this holiday lasts ${note.days} days, unlike some years drawn on: days matched first to first and last to last`,
        note.widened_by,
      );
    case "no_daily_capacity":
      return about(subject, "景点名录中没有日最大承载量", "no daily capacity in the register");
    case "no_intraday_history":
      return about(
        subject,
        "往年假日只有全天合计（无逐时进出数据）：不预测瞬时最高在园人数",
        "no intraday history (past holiday days counted as daily totals only): peak occupancy against the instant capacity not forecast",
      );
    case "level_alone":
      return words(
        `假日日均只按客流水平推算：截至 ${note.window_end} 的 ${note.weeks} 周中，今年与参照年份都有数据的不到一半。`,
        `Average day from the level alone: fewer than half of the ${note.weeks} weeks to ${note.window_end} have data in both this year and the years drawn on`,
      );
    case "ordinary_growth":
      return words(
        `假日日均取两种推算的几何平均：按客流水平推算，及参照年份的假日日均 ×${note.growth}（截至 ${note.window_end} 的 ${note.weeks} 周对比参照年份同期）。`,
        `Average day: the level's reading and the past years' average days ×${note.growth} (the ${note.weeks} weeks to ${note.window_end} against the same weeks of the years drawn on), their geometric mean`,
      );
    case "intervals_measured":
      return words(
        `区间依据以往假日提前 ${note.lead_days} 天所作同样预测的 ${note.errors} 个误差。`,
        `Intervals from ${note.errors} errors of the same forecast made ${note.lead_days} day(s) ahead of earlier holidays`,
      );
    case "intervals_default":
      return words(
        `区间取较宽的默认值：以往可检验误差的预测不足 ${note.min_errors} 次。`,
        `Intervals: a wide default (fewer than ${note.min_errors} earlier forecasts to measure errors on)`,
      );
    case "closures_left_out":
      return words(`${yearsZh(note.years)}（停业）不作参照，也不检验误差。`, `Years ${yearsEn(note.years)} (closures) are neither drawn on nor scored`);
    case "peak_method":
      return words(
        "瞬时最高在园人数：当日预计游客 × 该景点往年假日高峰在园人数与入园人数之比的中位数（有逐时数据的同一第N天，否则其全部假日）；区间与概率由同样的往年误差结合该比值的波动得出。",
        "Peak occupancy: the day's expected visitors × the median peak-to-entries ratio of the site's past holiday days (same day N where they have intraday counts, else all their days); its range and chances from the same past misses combined with the ratios' spread",
      );
    case "revenue_method":
      return words(
        "营业额：与游客同法预测，依据同期营业额（销售 − 退款）；退款多于销售的日子按 0 计。",
        "Revenue: forecast as the visitors are, from the revenue (sales − refunds) of the same days; a day whose refunds exceeded its sales counts as 0",
      );
  }
}

/** The level the forecast starts from, the years its day profile comes from, and how the days seen ran. */
export function levelNote(method: ForecastReport["method"]): Words {
  const { level, level_window: window, reference_years: years, update_factor: update } = method;
  return words(
    `客流水平：${window.start} 至 ${window.end} 平均每天 ${level === null ? "—" : countText(wholePeople(level), "zh")} 人次；${years.length > 0 ? `逐日分布参照 ${yearsZh(years)}` : "逐日分布无往年可参照"}` +
      (update === null ? "。" : `；已过的日子为预测的 ×${update}，其余日子照此调整。`),
    `Level: mean day ${level ?? "—"} over ${window.start}..${window.end}; day profile from ${yearsEn(years) || "no year"}` +
      (update === null ? "" : `; days seen ran ×${update} the forecast, applied to the rest`),
  );
}
