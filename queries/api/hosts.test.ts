import { describe, expect, it } from "vitest";
import { hostName, servedHosts } from "./hosts.ts";

describe("hostName", () => {
  it("drops the port and lowers the case", () => {
    expect(hostName("LocalHost:8080")).toBe("localhost");
    expect(hostName("127.0.0.1")).toBe("127.0.0.1");
    expect(hostName("[::1]:8080")).toBe("[::1]");
    expect(hostName("[::1]")).toBe("[::1]");
    expect(hostName("tourism.example.cn:443")).toBe("tourism.example.cn");
  });
});

describe("servedHosts", () => {
  it("serves only loopback names when bound to loopback", () => {
    for (const bind of ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
      expect([...servedHosts(bind, undefined)!].sort()).toEqual(["127.0.0.1", "[::1]", "localhost"]);
  });
  it("adds the configured names", () => {
    expect(servedHosts("127.0.0.1", ["Stats.Example.cn"])!.has("stats.example.cn")).toBe(true);
    expect(servedHosts("0.0.0.0", ["stats.example.cn"])!.has("stats.example.cn")).toBe(true);
    expect(servedHosts("0.0.0.0", ["stats.example.cn"])!.has("evil.example")).toBe(false);
  });
  it("serves any name on another address when none are configured", () => {
    expect(servedHosts("0.0.0.0", undefined)).toBeNull();
  });
});
