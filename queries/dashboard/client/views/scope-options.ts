import { scopeKey, scopeName } from "../access.ts";
import type { ViewContext } from "../context.ts";
import type { Option } from "../dom.ts";

/** The scopes the role is offered, labelled "镇 · 廊下镇", "景点 · 廊下郊野公园" … */
export function scopeOptions(ctx: ViewContext): Option[] {
  const { t, locale, register } = ctx;
  return ctx.access.scopes.map((scope) => ({
    value: scopeKey(scope),
    label: scope.kind === "alliance" ? t("alliance") : `${t(scope.kind)} · ${scopeName(scope, register, locale, t("alliance"))}`,
  }));
}
