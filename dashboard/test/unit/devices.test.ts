import { describe, expect, it } from "vitest";
import { deviceState, hasLiveDevice } from "../../app/lib/devices.ts";

const at = "2026-11-25T07:00:00.000Z";

describe("paired browsers", () => {
  it("reads a device's state: revoked wins, then the engine's live flag, then whether it was ever seen", () => {
    expect(deviceState({ revokedAt: at, lastSeenAt: at, live: false })).toBe("revoked");
    expect(deviceState({ revokedAt: null, lastSeenAt: at, live: true })).toBe("live");
    expect(deviceState({ revokedAt: null, lastSeenAt: at, live: false })).toBe("idle");
    expect(deviceState({ revokedAt: null, lastSeenAt: null, live: false })).toBe("never");
  });

  it("warns relay mode only once the list is known and no device is live", () => {
    expect(hasLiveDevice(undefined)).toBeUndefined();
    expect(hasLiveDevice([])).toBe(false);
    expect(hasLiveDevice([{ live: false }, { live: true }])).toBe(true);
    expect(hasLiveDevice([{ live: false }])).toBe(false);
  });
});
