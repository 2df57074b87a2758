import { flushPromises } from "@vue/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import CopyButton from "../../app/components/CopyButton.vue";
import SecretOnce from "../../app/components/SecretOnce.vue";
import { siteState, sitesForDisplay } from "../../app/lib/sites.ts";
import { mountWith } from "./mount.ts";

afterEach(() => {
  Reflect.deleteProperty(document, "execCommand");
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("site state", () => {
  it("reads revoked, active (heard from) and waiting (never called)", () => {
    const at = "2026-11-25T06:00:00.000Z";
    expect(siteState({ revokedAt: at, lastSeenAt: at })).toBe("revoked");
    expect(siteState({ revokedAt: null, lastSeenAt: at })).toBe("active");
    expect(siteState({ revokedAt: null, lastSeenAt: null })).toBe("waiting");
  });

  it("lists live sites before revoked ones, newest first in each", () => {
    const site = (name: string, createdAt: string, revokedAt: string | null = null) => ({
      name,
      createdAt,
      revokedAt,
    });
    const sorted = sitesForDisplay([
      site("new, revoked", "2026-11-25T06:00:00.000Z", "2026-11-25T07:00:00.000Z"),
      site("new", "2026-11-24T06:00:00.000Z"),
      site("old, revoked", "2026-11-20T06:00:00.000Z", "2026-11-21T06:00:00.000Z"),
      site("old", "2026-11-01T06:00:00.000Z"),
    ]);
    expect(sorted.map((s) => s.name)).toEqual(["new", "old", "new, revoked", "old, revoked"]);
  });
});

describe("CopyButton", () => {
  it("puts the text on the clipboard and says so", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    const w = mountWith(CopyButton, { text: "sfs_secret" }, "fr");
    expect(w.text()).toContain("Copier");
    await w.find("button").trigger("click");
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith("sfs_secret");
    expect(w.text()).toContain("Copié");
  });

  it("asks for a copy by hand when the browser refuses both ways", async () => {
    vi.stubGlobal("navigator", {
      ...navigator,
      clipboard: { writeText: vi.fn().mockRejectedValue(new Error("denied")) },
    });
    const execCommand = vi.fn().mockReturnValue(false);
    Object.defineProperty(document, "execCommand", { value: execCommand, configurable: true });
    const w = mountWith(CopyButton, { text: "sfs_secret" });
    await w.find("button").trigger("click");
    await flushPromises();
    expect(execCommand).toHaveBeenCalledWith("copy");
    expect(w.find("[role=alert]").text()).toBe(
      "Could not copy: select the text and copy it by hand.",
    );
    expect(document.querySelector("textarea")).toBeNull(); // the helper field is gone
  });

  it("falls back to the copy command where the Clipboard API is missing (plain http)", async () => {
    vi.stubGlobal("navigator", { ...navigator, clipboard: undefined });
    const copied: string[] = [];
    const execCommand = vi.fn(() => {
      copied.push((document.querySelector("textarea") as HTMLTextAreaElement).value);
      return true;
    });
    Object.defineProperty(document, "execCommand", { value: execCommand, configurable: true });
    const w = mountWith(CopyButton, { text: "http://stoflow.lan:3000" });
    await w.find("button").trigger("click");
    await flushPromises();
    expect(copied).toEqual(["http://stoflow.lan:3000"]);
    expect(w.text()).toContain("Copied");
  });
});

describe("SecretOnce", () => {
  it("shows the secret read-only with its warning and a copy button", () => {
    const w = mountWith(SecretOnce, {
      secret: "sfs_abc",
      warning: "You will not see it again.",
      label: "Site token",
    });
    const input = w.find("[data-testid=secret-value]");
    expect((input.element as HTMLInputElement).value).toBe("sfs_abc");
    expect(input.attributes("readonly")).toBeDefined();
    expect(input.attributes("aria-label")).toBe("Site token");
    expect(w.text()).toContain("You will not see it again.");
    expect(w.find("button").attributes("aria-label")).toBe("Copy — Site token");
  });
});
