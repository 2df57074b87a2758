import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("configuration", () => {
  it("defaults to port 3000 and a .stoflow data directory where the command was typed", () => {
    const config = loadConfig({ INIT_CWD: "/srv/shop" });
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe("/srv/shop/.stoflow");
    expect(config.databaseUrl).toBeUndefined();
  });

  it("names every invalid variable", () => {
    expect(() => loadConfig({ PORT: "eighty", LOG_LEVEL: "loud" })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: "eighty", LOG_LEVEL: "loud" });
    } catch (error) {
      expect((error as Error).message).toContain("PORT");
      expect((error as Error).message).toContain("LOG_LEVEL");
    }
  });

  it("reads the pipeline's tunables, and refuses a malformed sales-poll schedule", () => {
    const config = loadConfig({
      STOFLOW_PACING_GAP_SECONDS: "5-10",
      STOFLOW_SALES_POLL_CRON: "*/15 * * * *",
    });
    expect(config.pipeline).toEqual({
      minGapSeconds: 5,
      maxGapSeconds: 10,
      salesPollCron: "*/15 * * * *",
    });
    expect(loadConfig({ STOFLOW_SALES_POLL_CRON: "off" }).pipeline.salesPollCron).toBe("");
    expect(() => loadConfig({ STOFLOW_SALES_POLL_CRON: "every minute" })).toThrow(
      /STOFLOW_SALES_POLL_CRON/,
    );
  });
});
