import type { Logger } from "../../infra/logger.ts";
import { addDays } from "../../transforms/calendar/dates.ts";
import { createDemand } from "./demand.ts";
import type { SiteClock } from "../live/site-clock.ts";
import type { PretendDay } from "./demo-holiday.ts";
import { dayMessages, localMidnight } from "./generate.ts";
import type { SimMessage } from "./messages.ts";
import type { Scenario } from "./scenario.ts";

export interface LiveStreamOptions {
  scenario: Scenario;
  seed: number;
  /** Deliver messages that happened after this instant (epoch ms)… */
  from: number;
  /** …in small batches every `everyMs`. */
  everyMs: number;
  /** A demo's pretended holiday day: it follows that day's demand, on the demo clock. */
  pretend?: PretendDay;
  deliver: (messages: SimMessage[]) => Promise<void>;
  log: Logger;
  /** The live day's clock: a demo's own in a demo. */
  clock: SiteClock;
}

export interface LiveStream {
  stop(): Promise<void>;
  /** Resolves when the stream has delivered a demo's whole day and stopped producing (never outside a demo). */
  ended: Promise<void>;
}

const localDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Today's events as they happen: every few seconds, the intraday-detail messages whose time has come
 * since the last tick. Restarting from an earlier instant re-sends some: their ids are the same,
 * so the writer drops them. A demo's pretended holiday runs on the demo clock (demo-holiday.ts):
 * its first tick catches up from opening to late morning, and once the demo day is over (its clock
 * stands at the last closing time) the stream delivers what is left and stops producing.
 */
export function startLiveStream(options: LiveStreamOptions): LiveStream {
  const { pretend, clock } = options;
  const demand = createDemand(options.scenario, options.seed);
  const days = new Map<string, SimMessage[]>();
  const messagesOf = (date: string) => {
    let list = days.get(date);
    if (!list) {
      list = dayMessages(options.scenario, demand, options.seed, date, "intraday", pretend?.date === date ? pretend.as : date);
      days.set(date, list);
      for (const old of days.keys()) if (old < addDays(date, -1)) days.delete(old);
    }
    return list;
  };
  let cursor = options.from;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let reachedEnd: () => void = () => {};
  const ended = new Promise<void>((done) => {
    reachedEnd = done;
  });

  async function tick(): Promise<void> {
    const over = clock.demo?.()?.ended ?? false;
    const until = clock().toMillis();
    const due: SimMessage[] = [];
    for (let date = localDate(cursor); localMidnight(date) <= until; date = addDays(date, 1)) {
      for (const m of messagesOf(date)) if (m.at > cursor && m.at <= until) due.push(m);
    }
    if (due.length > 0) await options.deliver(due);
    cursor = until;
    if (over) {
      stopped = true;
      options.log.info("the demo day is over: the live stream stops producing");
      reachedEnd();
    }
  }

  /** One tick, then the next one scheduled; a failed delivery is retried by the next tick. */
  const runTick = (): void => {
    running = tick()
      .catch((err: unknown) => options.log.error({ err }, "live stream: delivery failed; retrying next tick"))
      .finally(() => {
        if (!stopped) timer = setTimeout(runTick, options.everyMs);
      });
  };
  runTick();

  return {
    ended,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
