import type { Locale } from "./i18n.ts";

/** The token lives in sessionStorage: it is gone when the tab closes and never reaches a cookie. */
const tokenKey = "tourism.token";
const localeKey = "tourism.locale";

export const session = {
  token: (): string | null => sessionStorage.getItem(tokenKey),
  setToken: (token: string) => sessionStorage.setItem(tokenKey, token),
  clearToken: () => sessionStorage.removeItem(tokenKey),
  locale: (): Locale => (sessionStorage.getItem(localeKey) === "en" ? "en" : "zh"),
  setLocale: (locale: Locale) => sessionStorage.setItem(localeKey, locale),
};
