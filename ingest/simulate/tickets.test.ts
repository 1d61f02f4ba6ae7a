import { describe, expect, it } from "vitest";
import { yuanToFen } from "../contracts/money.ts";
import { rngFor } from "./rng.ts";
import type { SiteProfile } from "./scenario.ts";
import { cellsRevenueFen, ticketCells, ticketEvents } from "./tickets.ts";

const profile: SiteProfile = {
  siteId: "park",
  operatorId: "op",
  townId: "langxia",
  gates: ["north"],
  base: 100,
  weekday: [1, 1, 1, 1, 1, 1, 1],
  opening: { from: 8 * 60 + 30, to: 17 * 60 + 30 },
  offers: [
    { type: "adult", priceFen: 6000, share: 0.7, channels: ["onsite", "online", "ota"] },
    { type: "child", priceFen: 3000, share: 0.18, channels: ["onsite"] },
    { type: "free", priceFen: 0, share: 0.12, channels: ["onsite"] },
  ],
  channelShare: { onsite: 0.5, online: 0.3, ota: 0.2, group: 0 },
  annualGrowth: 0.05,
};

describe("tickets", () => {
  it("splits a day's visitors over tickets and channels at channel prices (no noise)", () => {
    // adult 0.7 split 0.5/0.3/0.2 → 35, 21, 14; child 18; free 12. Online −5 %, OTA −10 %.
    const cells = ticketCells(profile, 100, undefined, undefined);
    expect(cells.map((c) => [c.type, c.channel, c.used, c.unitFen])).toEqual([
      ["adult", "onsite", 35, 6000],
      ["adult", "online", 21, 5700],
      ["adult", "ota", 14, 5400],
      ["child", "onsite", 18, 3000],
      ["free", "onsite", 12, 0],
    ]);
    // 2 % of 21 and of 14 round to 0 refunds; onsite tickets are never refunded.
    expect(cells.every((c) => c.refunded === 0)).toBe(true);
    // 35×60 + 21×57 + 14×54 + 18×30 = 2100 + 1197 + 756 + 540 = ¥4,593.
    expect(cellsRevenueFen(cells)).toBe(459_300);
  });

  it("a higher free share moves visitors off paid tickets", () => {
    const cells = ticketCells(profile, 100, 0.34, undefined);
    // free 34; paid shares scaled by (1 − 0.34)/(1 − 0.12) = 0.75: adult 0.525, child 0.135.
    expect(cells.find((c) => c.type === "free")!.used).toBe(34);
    expect(cells.reduce((s, c) => s + c.used, 0)).toBe(100);
  });

  it("events: sales minus refunds are the day's revenue, redemptions only for prepaid tickets", () => {
    const cells = ticketCells(profile, 2000, undefined, rngFor(9, "mix"));
    const events = ticketEvents({ profile, date: "2019-04-05", visitors: 2000, detail: "daily" }, cells, "t", rngFor(9, "events"));
    const fen = (action: string) => events.filter((e) => e.action === action).reduce((s, e) => s + yuanToFen(e.amount_cny!)!, 0);
    expect(fen("sale") - fen("refund")).toBe(cellsRevenueFen(cells));
    const refunded = events.filter((e) => e.action === "refund").reduce((s, e) => s + e.quantity, 0);
    const sold = events.filter((e) => e.action === "sale").reduce((s, e) => s + e.quantity, 0);
    expect(refunded / sold).toBeGreaterThan(0.003); // ~2 % of the prepaid half
    expect(refunded / sold).toBeLessThan(0.02);
    expect(new Set(events.filter((e) => e.action === "redeem").map((e) => e.channel))).toEqual(new Set(["online", "ota"]));
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
    expect(events.every((e) => e.occurred_at.startsWith("2019-04-05T") && e.occurred_at.endsWith("+08:00"))).toBe(true);
  });
});
