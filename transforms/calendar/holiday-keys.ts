/** The statutory holidays, in calendar order; a module of its own so the dashboard bundle can name them without the calendar data. */
export const holidayKeys = ["new_year", "spring_festival", "qingming", "labour_day", "dragon_boat", "mid_autumn", "national_day"] as const;
export type HolidayKey = (typeof holidayKeys)[number];

/** The holidays' short Chinese names as tables, charts and headlines show them (a bulletin says 五一 for 劳动节). */
export const holidayNamesZh: Record<HolidayKey, string> = {
  new_year: "元旦",
  spring_festival: "春节",
  qingming: "清明",
  labour_day: "劳动节",
  dragon_boat: "端午",
  mid_autumn: "中秋",
  national_day: "国庆",
};

/** The holidays' usual English names. */
export const holidayNamesEn: Record<HolidayKey, string> = {
  new_year: "New Year",
  spring_festival: "Spring Festival",
  qingming: "Qingming",
  labour_day: "Labour Day",
  dragon_boat: "Dragon Boat",
  mid_autumn: "Mid-Autumn",
  national_day: "National Day",
};
