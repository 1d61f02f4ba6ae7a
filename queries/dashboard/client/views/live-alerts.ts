import { apiGet, apiPost } from "../api.ts";
import type { ViewContext } from "../context.ts";
import { errorBox, h } from "../dom.ts";
import { newestFirst, toAcknowledge } from "../duty-board.ts";
import { formatCount, formatLocalTime } from "../format.ts";
import { type AlertAnswer, alertListSchema, alertSchema } from "../schemas.ts";
import { levelWords } from "./live-tiles.ts";

/**
 * The day's alerts at the top of the live view: those still to acknowledge, each with an acknowledge
 * button for staff (the only role the server lets acknowledge), then the day's others (acknowledged,
 * or late, which staff may acknowledge there) in a group that opens on demand. It is redrawn only
 * when the alerts changed, so a button keeps its focus while snapshots arrive.
 */
export function alertsPanel(ctx: ViewContext): { element: HTMLElement; refresh(date: string): Promise<void> } {
  const { t } = ctx;
  const element = h("section", { class: "panel alerts", "data-alerts": "" }, h("h3", {}, t("alertLog")));
  let shownKey = "";
  let asked = 0;
  let othersOpen = false;

  const refresh = async (date: string): Promise<void> => {
    const ask = ++asked;
    let alerts: AlertAnswer[];
    try {
      alerts = (await apiGet(ctx.token, "/api/alerts", { since: `${date}T00:00` }, alertListSchema)).alerts.filter((a) => a.local_date === date);
    } catch (err) {
      if (ctx.signal.aborted || ask !== asked) return;
      shownKey = "";
      element.replaceChildren(h("h3", {}, t("alertLog")), errorBox(t("errorPrefix") + (err instanceof Error ? err.message : String(err))));
      return;
    }
    // An older answer arriving after a newer one is dropped: the newer one is already shown.
    if (ctx.signal.aborted || ask !== asked) return;
    const key = JSON.stringify(alerts.map((a) => [a.alert_id, a.acknowledged_at]));
    if (key === shownKey) return;
    shownKey = key;
    const pending = toAcknowledge(alerts, date);
    const others = newestFirst(alerts.filter((a) => !pending.includes(a)));
    const acknowledge = ctx.me.role === "staff" ? (alert: AlertAnswer, item: HTMLElement) => void acknowledgeFrom(ctx, alert, item, () => refresh(date)) : null;
    const list = (name: string, shown: AlertAnswer[]) =>
      h("ul", { class: "alert-log", "data-alert-list": name }, ...shown.map((a) => alertItem(ctx, a, acknowledge)));
    const othersGroup = h("details", { class: "alert-day", open: othersOpen }, h("summary", {}, t("alertsOther", { n: others.length })), list("other", others));
    othersGroup.addEventListener("toggle", () => {
      othersOpen = othersGroup.open;
    });
    element.replaceChildren(
      h("h3", {}, t("alertsPending", { n: pending.length })),
      pending.length > 0 ? list("pending", pending) : h("p", { class: "all-clear" }, t(alerts.length > 0 ? "noPendingAlerts" : "noAlerts")),
      ...(others.length > 0 ? [othersGroup] : []),
    );
  };
  return { element, refresh };
}

function alertItem(ctx: ViewContext, alert: AlertAnswer, acknowledge: ((alert: AlertAnswer, item: HTMLElement) => void) | null): HTMLElement {
  const { t, locale } = ctx;
  const site = ctx.register.sites.find((s) => s.site_id === alert.site_id);
  const name = site ? (locale === "zh" ? site.name_zh : site.name_en) : alert.site_id;
  const figures = `${t(alert.measure === "instant" ? "occupancy" : "entries")} · ${t(levelWords[alert.level])} · ${formatCount(alert.figure)} / ${formatCount(alert.capacity)}`;
  const time = formatLocalTime(alert.occurred_at);
  const item = h(
    "li",
    { class: `alert level-${alert.level}`, "data-alert": alert.alert_id, "data-site": alert.site_id, "data-level": alert.level },
    h(
      "span",
      { class: "alert-words" },
      h("span", { class: "alert-where" }, h("time", {}, time), ` ${name}`),
      h("span", { class: "alert-figures" }, figures, alert.late ? t("alertLate") : ""),
      alert.acknowledged_at ? h("span", { class: "acknowledged" }, t("alertAcknowledgedBy", { by: alert.acknowledged_by })) : null,
    ),
  );
  if (acknowledge && !alert.acknowledged_at) {
    item.append(
      h(
        "button",
        {
          type: "button",
          class: "acknowledge",
          "data-action": "acknowledge",
          // The visible word first, then which alert: a screen reader's list of buttons tells them apart.
          "aria-label": `${t("acknowledge")} ${time} ${name} ${figures}`,
          onclick: () => acknowledge(alert, item),
        },
        t("acknowledge"),
      ),
    );
  }
  return item;
}

/** POST /api/alerts/:id/ack as the signed-in holder; on success the panel is read again, on failure the item says why. */
async function acknowledgeFrom(ctx: ViewContext, alert: AlertAnswer, item: HTMLElement, reread: () => Promise<void>): Promise<void> {
  const button = item.querySelector("button");
  if (button) {
    button.disabled = true;
    button.textContent = ctx.t("acknowledging");
  }
  item.querySelector(".error")?.remove();
  try {
    await apiPost(ctx.token, `/api/alerts/${encodeURIComponent(alert.alert_id)}/ack`, undefined, alertSchema);
  } catch (err) {
    if (ctx.signal.aborted) return;
    if (button) {
      button.disabled = false;
      button.textContent = ctx.t("acknowledge");
    }
    item.append(errorBox(ctx.t("acknowledgeFailed") + (err instanceof Error ? err.message : String(err))));
    return;
  }
  if (!ctx.signal.aborted) await reread();
}
