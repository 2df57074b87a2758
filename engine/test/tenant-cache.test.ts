import { describe, expect, it } from "vitest";
import { parseChange } from "../src/cache/change-feed.ts";
import { TenantCache } from "../src/cache/tenant-cache.ts";

const sized = (bytes = 1_000_000) => new TenantCache<string>(bytes, (v) => v.length);

describe("TenantCache", () => {
  it("keeps what was read under a ticket while nothing changed", () => {
    const cache = sized();
    const ticket = cache.ticket(1);
    expect(cache.set(ticket, "a", "page of 1")).toBe(true);
    expect(cache.get(1, "a")).toBe("page of 1");
    expect(cache.get(2, "a")).toBeUndefined(); // another tenant, same key
  });

  it("never stores a read that began before an invalidation of its tenant", () => {
    const cache = sized();
    const before = cache.ticket(1);
    const otherTenant = cache.ticket(2);
    cache.invalidate(1); // a write committed while the read was running
    expect(cache.set(before, "a", "old")).toBe(false);
    expect(cache.get(1, "a")).toBeUndefined();
    expect(cache.set(otherTenant, "a", "theirs")).toBe(true); // tenant 2 did not change
    expect(cache.set(cache.ticket(1), "a", "new")).toBe(true);
    expect(cache.get(1, "a")).toBe("new");
  });

  it("drops a tenant's entries on invalidation, and only that tenant's", () => {
    const cache = sized();
    cache.set(cache.ticket(1), "a", "1a");
    cache.set(cache.ticket(1), "b", "1b");
    cache.set(cache.ticket(2), "a", "2a");
    cache.invalidate(1);
    expect([cache.get(1, "a"), cache.get(1, "b"), cache.get(2, "a")]).toEqual([
      undefined,
      undefined,
      "2a",
    ]);
    expect(cache.size).toBe(1);
  });

  it("never lets an old ticket pass again after later invalidations", () => {
    const cache = sized();
    const t0 = cache.ticket(1);
    cache.invalidate(1);
    cache.invalidate(2);
    cache.invalidate(1);
    expect(cache.set(t0, "a", "old")).toBe(false);
  });

  it("refuses reads begun before a flush, and empties", () => {
    const cache = sized();
    cache.set(cache.ticket(1), "a", "x");
    const before = cache.ticket(3);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
    expect(cache.set(before, "a", "stale")).toBe(false);
  });

  it("evicts the least recently used entries beyond its byte budget", () => {
    const cache = sized(3 * (100 + 2 + 64)); // three 100-byte values with their keys
    const value = (c: string) => c.repeat(100);
    for (const k of ["a", "b", "c"]) cache.set(cache.ticket(1), k, value(k));
    expect(cache.get(1, "a")).toBe(value("a")); // a is now the most recently used
    cache.set(cache.ticket(1), "d", value("d"));
    expect(cache.get(1, "b")).toBeUndefined();
    expect([cache.get(1, "a"), cache.get(1, "c"), cache.get(1, "d")]).toEqual([
      value("a"),
      value("c"),
      value("d"),
    ]);
    expect(cache.bytes).toBeLessThanOrEqual(3 * 166);
    expect(cache.set(cache.ticket(1), "huge", "x".repeat(10_000))).toBe(false);
  });
});

describe("change notifications", () => {
  it("read a tenant or its members, and anything else as a change of everything", () => {
    expect(parseChange("tenant:42")).toEqual({ kind: "tenant", tenantId: 42 });
    expect(parseChange("members:7")).toEqual({ kind: "members", tenantId: 7 });
    for (const payload of ["members:*", "tenant:", "tenant:01", "tenant:1x", "", undefined]) {
      expect(parseChange(payload), String(payload)).toEqual({ kind: "all" });
    }
  });
});
