import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, type TestEngine } from "./support/engine.ts";

// A built dashboard as nuxi generate writes it: the SPA shell with one inline script, and
// hashed assets under _nuxt/.
const INLINE = 'window.__NUXT__={config:{app:{baseURL:"/"}}}';
const SHELL = `<!DOCTYPE html><html><head><script type="module" src="/_nuxt/entry.js"></script></head><body><div id="__nuxt"></div><script type="application/json" id="__NUXT_DATA__">[1]</script><script>${INLINE}</script></body></html>`;

let dir: string;
let engine: TestEngine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "stoflow-dashboard-"));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, "_nuxt"));
  writeFileSync(join(dir, "200.html"), SHELL);
  writeFileSync(join(dir, "_nuxt", "entry.js"), "console.log('dashboard')");
  writeFileSync(join(dir, "favicon.svg"), "<svg/>");
  engine = await startTestEngine({ STOFLOW_DASHBOARD_DIR: dir });
});
afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, init: RequestInit = {}) => fetch(`${engine.url}${path}`, init);

describe("the dashboard served by the engine", () => {
  it("answers every page address with the shell, its inline script allowed by hash only", async () => {
    for (const path of [
      "/",
      "/products",
      "/products/0b6c4a3e-1b2c-4d5e-8f90-123456789abc",
      "/login?next=/stats",
    ]) {
      const res = await get(path, { headers: { accept: "text/html" } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await res.text()).toBe(SHELL);
      const csp = res.headers.get("content-security-policy") ?? "";
      const hash = createHash("sha256").update(INLINE).digest("base64");
      expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
      expect(csp).not.toContain("unsafe-eval");
      expect(csp.match(/'sha256-/g)).toHaveLength(1);
    }
  });

  it("serves the build's files, hashed assets for a year", async () => {
    const asset = await get("/_nuxt/entry.js");
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe("console.log('dashboard')");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await get("/favicon.svg")).status).toBe(200);
  });

  it("leaves /api and /media to the engine", async () => {
    const api = await get("/api/v1/nothing-here", { headers: { accept: "text/html" } });
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toMatch(/problem\+json/);
    const health = await get("/api/health");
    expect(health.status).toBe(200);
    const media = await get("/media/missing.jpg", { headers: { accept: "text/html" } });
    expect(media.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
  });

  it("answers a missing asset or a non-page request with a 404, not the shell", async () => {
    expect((await get("/_nuxt/gone.js")).status).toBe(404);
    const json = await get("/products", { headers: { accept: "application/json" } });
    expect(json.status).toBe(404);
    expect(
      (await get("/products", { method: "POST", headers: { accept: "text/html" } })).status,
    ).toBe(404);
  });

  it("serves no dashboard when none is built", async () => {
    const bare = await startTestEngine({ STOFLOW_DASHBOARD_DIR: join(dir, "absent") });
    try {
      const res = await fetch(`${bare.url}/products`, { headers: { accept: "text/html" } });
      expect(res.status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
