/** The statutory holidays, in calendar order; a module of its own so the dashboard bundle can name them without the calendar data. */
export const holidayKeys = ["new_year", "spring_festival", "qingming", "labour_day", "dragon_boat", "mid_autumn", "national_day"] as const;
export type HolidayKey = (typeof holidayKeys)[number];
