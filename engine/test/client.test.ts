import { readFileSync } from "node:fs";
import { createStoflowClient } from "@stoflow/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientSources } from "../scripts/client-source.ts";
import { startTestEngine, type TestEngine } from "./support/engine.ts";

describe("the generated API client", () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine.close());

  it("is up to date with the routes (run `npm run generate:client` when this fails)", async () => {
    const { openapi, schema } = await clientSources();
    const dir = new URL("../client/", import.meta.url);
    expect(readFileSync(new URL("openapi.json", dir), "utf8")).toBe(openapi);
    expect(readFileSync(new URL("src/schema.ts", dir), "utf8")).toBe(schema);
  });

  it("serves the same document at /api/openapi.json, and docs at /api/docs", async () => {
    const served = await (await fetch(`${engine.url}/api/openapi.json`)).json();
    const { openapi } = await clientSources();
    expect(served).toEqual(JSON.parse(openapi));
    const docs = await fetch(`${engine.url}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("swagger-ui");
  });

  it("signs up and reads /me with typed calls", async () => {
    let token: string | undefined;
    const client = createStoflowClient({ baseUrl: engine.url, getToken: () => token });
    const signup = await client.POST("/api/v1/auth/signup", {
      body: { email: "typed@example.test", password: "typed client password", shopName: "Typed" },
    });
    expect(signup.response.status).toBe(201);
    token = signup.data?.accessToken;
    const me = await client.GET("/api/v1/me");
    expect(me.data?.tenant.name).toBe("Typed");
  });
});
