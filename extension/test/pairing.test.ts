import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  request,
  type SignedUp,
  signUp,
  startTestEngine,
  type TestEngine,
} from "../../engine/test/support/engine.ts";
import { deviceNameOf, normalizePairingCode, pairWithEngine } from "../src/background/pairing.ts";
import { checkEngineUrl } from "../src/engine/url.ts";
import { MemoryStore } from "./support/memory.ts";

describe("the engine address", () => {
  it("takes the hosted engine and any self-hosted https engine", () => {
    expect(checkEngineUrl("https://app.stoflow.io/")).toEqual({
      ok: true,
      base: "https://app.stoflow.io",
      originPattern: "https://app.stoflow.io/*",
    });
    expect(checkEngineUrl("stoflow.my-shop.fr:8443/engine/")).toEqual({
      ok: true,
      base: "https://stoflow.my-shop.fr:8443/engine",
      originPattern: "https://stoflow.my-shop.fr/*",
    });
  });
  it("takes plain http only for this machine", () => {
    expect(checkEngineUrl("http://localhost:3000").ok).toBe(true);
    expect(checkEngineUrl("http://127.0.0.1:3000").ok).toBe(true);
    expect(checkEngineUrl("http://stoflow.local")).toEqual({ ok: false, reason: "insecure" });
    expect(checkEngineUrl("http://192.168.1.10")).toEqual({ ok: false, reason: "insecure" });
  });
  it("refuses what is not an engine address", () => {
    for (const typed of [
      "",
      "   ",
      "ftp://x.fr",
      "https://user:pw@x.fr",
      "https://x.fr/?a=1",
      "https://",
    ]) {
      expect(checkEngineUrl(typed).ok, typed).toBe(false);
    }
  });
});

describe("pairing codes and device names", () => {
  it("reads the code as typed, dash and case aside", () => {
    expect(normalizePairingCode(" k7qm-3xwd ")).toBe("K7QM-3XWD");
    expect(normalizePairingCode("K7QM3XWD")).toBe("K7QM3XWD");
    expect(normalizePairingCode("K7QM-3XW")).toBeUndefined();
  });
  it("names the device after the browser and the system", () => {
    expect(deviceNameOf("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/138", "chrome")).toBe(
      "Chrome on Windows",
    );
    expect(deviceNameOf("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0", "firefox")).toBe(
      "Firefox on Linux",
    );
  });
});

describe("pairing with a real engine", () => {
  let engine: TestEngine;
  let lea: SignedUp;
  beforeAll(async () => {
    engine = await startTestEngine();
    lea = await signUp(engine, "Chez Léa");
  });
  afterAll(() => engine.close());

  const newCode = async () =>
    (await request(engine, "POST", "/api/v1/channels/pairing-codes", { token: lea.accessToken }))
      .body.code as string;

  it("stores the device token the engine gives for a dashboard code", async () => {
    const store = new MemoryStore();
    const result = await pairWithEngine(store, {
      engineUrl: `${engine.url}/`,
      code: (await newCode()).toLowerCase(),
      deviceName: "Chrome on Linux",
    });
    expect(result).toEqual({ ok: true });
    const { pairing } = await store.read();
    expect(pairing?.engineUrl).toBe(engine.url);
    expect(pairing?.deviceToken).toMatch(/^sfd_/);
    const status = await request(engine, "GET", "/api/v1/channels/vinted/session", {
      token: pairing?.deviceToken,
    });
    expect(status.status).toBe(200);
  });

  it("shows the engine's reason when it refuses the code, and stores nothing", async () => {
    const store = new MemoryStore();
    const code = await newCode();
    await pairWithEngine(store, { engineUrl: engine.url, code, deviceName: "A" });
    const again = await pairWithEngine(store, { engineUrl: engine.url, code, deviceName: "B" });
    expect(again).toEqual({
      ok: false,
      messageKey: "errorPairingRefused",
      detail: "This pairing code was already used; create a new one.",
    });
    const fresh = new MemoryStore();
    await pairWithEngine(fresh, { engineUrl: engine.url, code, deviceName: "C" });
    expect((await fresh.read()).pairing).toBeUndefined();
  });

  it("checks the address and the code before calling anyone", async () => {
    const store = new MemoryStore();
    expect(
      await pairWithEngine(store, {
        engineUrl: "http://engine.example",
        code: "ABCD-EFGH",
        deviceName: "A",
      }),
    ).toEqual({ ok: false, messageKey: "errorInsecureUrl" });
    expect(
      await pairWithEngine(store, { engineUrl: engine.url, code: "12", deviceName: "A" }),
    ).toEqual({ ok: false, messageKey: "errorInvalidCode" });
    const unreachable = await pairWithEngine(store, {
      engineUrl: "http://127.0.0.1:9",
      code: "ABCD-EFGH",
      deviceName: "A",
    });
    expect(unreachable).toMatchObject({
      ok: false,
      detail: expect.stringContaining("cannot be reached"),
    });
  });
});
