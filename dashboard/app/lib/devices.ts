import type { Schemas } from "@stoflow/client";

type Device = Schemas["Device"];

/**
 * Revoked; live (the engine's rule: seen within a day, what relay mode needs); seen but not
 * for a day; or paired and never heard from.
 */
export type DeviceState = "revoked" | "live" | "idle" | "never";

export function deviceState(
  device: Pick<Device, "revokedAt" | "lastSeenAt" | "live">,
): DeviceState {
  if (device.revokedAt) return "revoked";
  if (device.live) return "live";
  return device.lastSeenAt ? "idle" : "never";
}

/** Relay mode needs one live browser; undefined while the list is not known yet. */
export function hasLiveDevice(devices: Pick<Device, "live">[] | undefined): boolean | undefined {
  return devices?.some((d) => d.live);
}
