import { describe, expect, it } from "vitest";
import { loadConfig } from "../../infra/config.ts";
import { arrivalTopics, eventTopics, kindOfTopic } from "./topics.ts";

describe("event topics", () => {
  const topics = eventTopics(loadConfig({ KAFKA_TOPIC_TICKETS: "t.in", KAFKA_TOPIC_FOOTFALL: "f.in", KAFKA_TOPIC_DLQ: "dead" }));

  it("names each kind's topic from its setting, and the dead letters'", () => {
    expect(topics).toEqual({ byKind: { ticket: "t.in", footfall: "f.in" }, deadLetters: "dead" });
    expect(arrivalTopics(topics)).toEqual(["t.in", "f.in"]);
  });

  it("tells the kind a topic carries; none for the dead letters or a stranger", () => {
    expect(kindOfTopic(topics, "t.in")).toBe("ticket");
    expect(kindOfTopic(topics, "f.in")).toBe("footfall");
    expect(kindOfTopic(topics, "dead")).toBeUndefined();
    expect(kindOfTopic(topics, "tourism.tickets")).toBeUndefined();
  });
});
