// The relay's wardrobe read (a page of a sales poll) against the Vinted sandbox over HTTP:
// item states as the engine's channel reads them, and Vinted's refusals as the engine expects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVintedSandbox, type VintedSandbox } from "../../engine/src/sandbox/vinted/server.ts";
import type { CapturedSession, SandboxUser } from "../../engine/src/sandbox/vinted/state.ts";
import { itemBody, rawClient } from "../../engine/test/support/vinted-sandbox.ts";
import type { RelayPoll } from "../src/engine/client.ts";
import type { RelaySession } from "../src/relay/vinted-http.ts";
import { readWardrobePage } from "../src/relay/vinted-poll.ts";
import { SandboxBrowser } from "./support/memory.ts";

describe("reading the wardrobe for a relayed sales poll", () => {
  let sandbox: VintedSandbox;
  let browser: SandboxBrowser;
  let user: SandboxUser;
  let session: RelaySession;
  const ids: number[] = [];

  const control = async (path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
    });
    expect(res.ok, await res.clone().text()).toBe(true);
    return res.json();
  };
  const poll = (userId = String(user.id)): RelayPoll => ({
    id: `poll-sales:6f1d3c1e-7a53-4f0e-8d7b-0a4b2b1c9e11:1`,
    accountId: "6f1d3c1e-7a53-4f0e-8d7b-0a4b2b1c9e11",
    domain: "www.vinted.fr",
    action: "poll-sales",
    userId,
    page: 1,
    perPage: 96,
  });

  beforeAll(async () => {
    sandbox = await startVintedSandbox();
    browser = new SandboxBrowser(sandbox.baseUrlFor);
    const made = (await control("/users", { login: "lea_poll", domain: "www.vinted.fr" })) as {
      user: SandboxUser;
      session: CapturedSession;
    };
    user = made.user;
    browser.jar.set("www.vinted.fr", made.session.cookies);
    session = {
      domain: "www.vinted.fr",
      csrfToken: made.session.csrfToken,
      anonId: made.session.cookies.anon_id,
      userId: String(user.id),
    };
    const vinted = rawClient(sandbox.baseUrlFor("www.vinted.fr"), made.session);
    for (const title of ["Jean droit brut", "Veste en jean", "Chemise en lin"]) {
      const photo = (await (await vinted.photo(crypto.randomUUID())).json()) as { id: number };
      const res = await vinted.send(
        "POST",
        "/api/v2/item_upload/items",
        itemBody([photo.id], { title }),
      );
      ids.push(((await res.json()) as { item: { id: number } }).item.id);
    }
    await control(`/items/${ids[0]}/sell`);
    await control(`/items/${ids[1]}/reserve`);
  });
  afterAll(() => sandbox.close());

  it("reports each item's id and state, and the number of pages", async () => {
    const read = await readWardrobePage(browser, session, poll());
    expect(read.outcome).toBe("read");
    if (read.outcome !== "read") return;
    expect(read.totalPages).toBe(1);
    expect(new Map(read.items.map((i) => [i.id, i.state]))).toEqual(
      new Map([
        [String(ids[0]), "sold"],
        [String(ids[1]), "reserved"],
        [String(ids[2]), "active"],
      ]),
    );
  });

  it("reports Vinted's refusals and odd answers as the engine classifies them", async () => {
    await control("/faults", {
      type: "rate_limited",
      path: "/api/v2/wardrobe",
      retryAfterSeconds: 120,
    });
    expect(await readWardrobePage(browser, session, poll())).toMatchObject({
      outcome: "rate_limited",
      status: 429,
      retryAfterSeconds: 120,
    });
    await control("/faults", { type: "blocked", path: "/api/v2/wardrobe" });
    expect(await readWardrobePage(browser, session, poll())).toMatchObject({
      outcome: "blocked",
      status: 403,
    });
    await control("/faults", { type: "malformed", path: "/api/v2/wardrobe", body: '{"items": 3}' });
    expect(await readWardrobePage(browser, session, poll())).toMatchObject({
      outcome: "failed",
      kind: "retryable",
    });
  });

  it("does not read another user's wardrobe for the account", async () => {
    expect(await readWardrobePage(browser, session, poll("424242"))).toMatchObject({
      outcome: "session_expired",
    });
  });
});
