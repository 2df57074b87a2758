import { describe, expect, it } from "vitest";
import { canDelist, canRetry, chipKind, platformChips } from "../../app/lib/listing-status.ts";

describe("platform chips", () => {
  it("shows Vinted as to publish when the product has no listing", () => {
    expect(platformChips([])).toEqual([
      { platform: "vinted", kind: "toPublish", severity: "secondary" },
    ]);
  });

  it("groups the nine listing states into what a seller reads", () => {
    expect(
      ["queued", "publishing", "updating", "delisting"].map((s) => chipKind(s as never)),
    ).toEqual(["inProgress", "inProgress", "inProgress", "inProgress"]);
    expect(chipKind("published")).toBe("published");
    expect(chipKind("draft")).toBe("toPublish");
  });

  it("shows the most telling state across several accounts of one platform", () => {
    expect(
      platformChips([
        { platform: "vinted", state: "published" },
        { platform: "vinted", state: "error" },
      ])[0]?.kind,
    ).toBe("error");
    expect(
      platformChips([
        { platform: "vinted", state: "delisted" },
        { platform: "vinted", state: "sold" },
      ])[0]?.kind,
    ).toBe("sold");
  });

  it("adds platforms the product is listed on beyond the publishable ones", () => {
    const chips = platformChips([{ platform: "ebay", state: "published" }]);
    expect(chips.map((c) => [c.platform, c.kind])).toEqual([
      ["vinted", "toPublish"],
      ["ebay", "published"],
    ]);
  });

  it("offers retry on errors and delist on live listings only", () => {
    expect(canRetry("error")).toBe(true);
    expect(canRetry("published")).toBe(false);
    expect(canDelist("published")).toBe(true);
    expect(canDelist("sold")).toBe(false);
    expect(canDelist("delisted")).toBe(false);
  });
});
