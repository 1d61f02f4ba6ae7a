import { type Scope, scopeKey, scopeName } from "../access.ts";
import type { ViewContext } from "../context.ts";
import type { Option } from "../dom.ts";

/** The scopes the role is offered (or those of them given), labelled "镇 · 廊下镇", "景点 · 廊下郊野公园" … */
export function scopeOptions(ctx: ViewContext, scopes: readonly Scope[] = ctx.access.scopes): Option[] {
  const { t, locale, register } = ctx;
  return scopes.map((scope) => ({
    value: scopeKey(scope),
    label: scope.kind === "alliance" ? t("alliance") : `${t(scope.kind)} · ${scopeName(scope, register, locale, t("alliance"))}`,
  }));
}
