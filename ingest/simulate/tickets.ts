import type { TicketEvent } from "../contracts/events.ts";
import { fenToYuan } from "../contracts/money.ts";
import { localTimestamp } from "./clock-time.ts";
import type { DayPlan } from "./demand.ts";
import { type Rng, apportion } from "./rng.ts";
import { type Channel, type SiteProfile, type TicketType, refundRate } from "./scenario.ts";

/** Prepaid tickets are redeemed (scanned) at the gate; onsite ones are used as they are sold. */
const prepaid: ReadonlySet<Channel> = new Set(["online", "ota", "group"]);
/** Discount off the list price by channel: OTAs and groups buy cheaper. */
const channelFactor: Record<Channel, number> = { onsite: 1, online: 0.95, ota: 0.9, group: 0.8 };
/**
 * Tickets per line at most. Daily detail: settled lines (an office's day, an OTA's batch of
 * orders), which keeps years of history small; hourly: lines small enough that a day's revenue
 * builds up through it; intraday detail: order-sized lines.
 */
const lineSize = { daily: 800, hourly: 100, intraday: 12 } as const;

/** All tickets of one type sold through one channel on one day. */
export interface TicketCell {
  type: TicketType;
  channel: Channel;
  unitFen: number;
  /** Tickets used by visitors that day. */
  used: number;
  /** Tickets sold and then refunded (on top of `used`). */
  refunded: number;
}

/**
 * Splits a day's visitors over the site's tickets and channels. With `rng` the mix wobbles and
 * refunds are drawn (~2 %); without it (festival peak days) both are their expectations, so the
 * day's revenue follows from its visitors and the scenario alone.
 */
export function ticketCells(profile: SiteProfile, visitors: number, freeShare: number | undefined, rng: Rng | undefined): TicketCell[] {
  const baseFree = profile.offers.find((o) => o.type === "free")?.share ?? 0;
  const cells: Omit<TicketCell, "used" | "refunded">[] = [];
  const weights: number[] = [];
  for (const offer of profile.offers) {
    const share =
      freeShare === undefined || baseFree === 0 ? offer.share : offer.type === "free" ? freeShare : (offer.share * (1 - freeShare)) / (1 - baseFree);
    const channelTotal = offer.channels.reduce((sum, ch) => sum + profile.channelShare[ch], 0);
    for (const channel of offer.channels) {
      const wobble = rng ? Math.exp(0.08 * rng.normal()) : 1;
      weights.push((share * profile.channelShare[channel] * wobble) / (channelTotal || 1));
      cells.push({ type: offer.type, channel, unitFen: Math.round((offer.priceFen * channelFactor[channel]) / 100) * 100 });
    }
  }
  const used = apportion(visitors, weights);
  return cells.map((cell, i) => {
    // Prepaid tickets get refunded; onsite ones are bought at the gate and used at once.
    const expectedRefunds = cell.unitFen > 0 && prepaid.has(cell.channel) ? used[i]! * refundRate : 0;
    const refunded = rng ? Math.floor(expectedRefunds + rng.next()) : Math.round(expectedRefunds);
    return { type: cell.type, channel: cell.channel, unitFen: cell.unitFen, used: used[i]!, refunded };
  });
}

/** Revenue (sales − refunds) of a day's cells: refunded tickets net out, so it is what visitors paid. */
export function cellsRevenueFen(cells: readonly TicketCell[]): number {
  return cells.reduce((sum, c) => sum + c.used * c.unitFen, 0);
}

/** Minute of the day a sale happens: online orders come in the morning, the rest while open. */
function saleMinute(profile: SiteProfile, channel: Channel, rng: Rng): number {
  const open = profile.opening.from;
  if (channel === "online" || channel === "ota") return rng.int(7 * 60, Math.max(7 * 60, open + 60));
  return rng.int(open, profile.opening.to - 60);
}

/** The day's ticket events: per cell one or more lines, each a sale, any refund, and its redemption if prepaid. */
export function ticketEvents(plan: DayPlan, cells: readonly TicketCell[], idPrefix: string, rng: Rng): TicketEvent[] {
  const { profile, date } = plan;
  const events: TicketEvent[] = [];
  const { siteId, operatorId } = profile;
  const detail = plan.detail[0];
  cells.forEach((cell, c) => {
    const sold = cell.used + cell.refunded;
    if (sold === 0) return;
    const lines = Math.ceil(sold / lineSize[plan.detail]);
    const used = apportion(
      cell.used,
      Array.from({ length: lines }, () => 0.5 + rng.next()),
    );
    const refunded = apportion(
      cell.refunded,
      Array.from({ length: lines }, () => 0.5 + rng.next()),
    );
    const { type, channel, unitFen } = cell;
    // Each event one object literal, keys in the wire order (a redeem's absent amount is left out of
    // its text): spreading a shared base into each made generation several times slower.
    const line = (id: string, suffix: string, action: TicketEvent["action"], quantity: number, minute: number): TicketEvent => ({
      type: "ticket",
      site_id: siteId,
      operator_id: operatorId,
      order_id: id,
      ticket_type: type,
      channel,
      event_id: `${id}${suffix}`,
      action,
      quantity,
      amount_cny: action === "redeem" ? undefined : fenToYuan(quantity * unitFen),
      occurred_at: localTimestamp(date, minute, rng.int(0, 59)),
    });
    for (let l = 0; l < lines; l++) {
      const id = `${idPrefix}/${siteId}/${date}/${detail}t${c}.${l}`;
      const quantity = used[l]! + refunded[l]!;
      if (quantity === 0) continue;
      const saleAt = saleMinute(profile, channel, rng);
      events.push(line(id, "s", "sale", quantity, saleAt));
      if (refunded[l]! > 0) events.push(line(id, "r", "refund", refunded[l]!, saleAt + rng.int(10, 120)));
      if (used[l]! > 0 && prepaid.has(channel)) {
        events.push(line(id, "x", "redeem", used[l]!, Math.min(profile.opening.to - 1, Math.max(saleAt, profile.opening.from) + rng.int(5, 90))));
      }
    }
  });
  return events;
}
