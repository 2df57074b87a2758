// The browser tests run against the built dashboard the engine serves: build it first when it
// is missing or older than its sources (as `npm start` does).
// @ts-expect-error plain JS module without types
import { ensureDashboardBuilt } from "../../../../scripts/build-dashboard.mjs";

export default function setup(): void {
  (ensureDashboardBuilt as (o: { quiet: boolean }) => boolean)({ quiet: true });
}
