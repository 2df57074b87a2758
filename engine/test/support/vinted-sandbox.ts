import { spawn } from "node:child_process";
import type { CapturedSession } from "../../src/sandbox/vinted/state.ts";
import { STOFLOW_BIN } from "./cli.ts";

/** A tiny JPEG header: enough for the sandbox's type check. */
export function jpeg(seed = 0): Buffer {
  return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, seed & 0xff, 0x4a, 0x46, 0x49, 0x46]);
}

export function cookieHeader(session: CapturedSession): string {
  return Object.entries(session.cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
}

/** Raw protocol calls, as a browser would make them. */
export function rawClient(base: string, session: CapturedSession) {
  const headers = (extra: Record<string, string> = {}) => ({
    cookie: cookieHeader(session),
    "x-csrf-token": session.csrfToken,
    "user-agent": session.userAgent,
    ...extra,
  });
  return {
    get: (path: string) => fetch(`${base}${path}`, { headers: headers() }),
    send: (method: string, path: string, body?: unknown, extra?: Record<string, string>) =>
      fetch(`${base}${path}`, {
        method,
        headers: headers({ "content-type": "application/json", ...extra }),
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    photo: (tempUuid: string, file: Buffer = jpeg()) => {
      const form = new FormData();
      form.set("photo[type]", "item");
      form.set("photo[temp_uuid]", tempUuid);
      form.set(
        "photo[file]",
        new Blob([new Uint8Array(file)], { type: "image/jpeg" }),
        "photo.jpg",
      );
      return fetch(`${base}/api/v2/photos`, { method: "POST", headers: headers(), body: form });
    },
  };
}

export function itemBody(photoIds: number[], overrides: Record<string, unknown> = {}) {
  return {
    item: {
      id: null,
      title: "Robe portefeuille en lin",
      description: "Portée deux fois, très bon état.",
      brand_id: 53,
      brand: "Zara",
      size_id: 206,
      catalog_id: 1779,
      status_id: 2,
      color_ids: [12],
      price: "25.00",
      currency: "EUR",
      package_size_id: 1,
      isbn: null,
      is_unisex: false,
      item_attributes: [],
      assigned_photos: photoIds.map((id) => ({ id, orientation: 0 })),
      shipment_prices: {},
      ...overrides,
    },
    feedback_id: null,
    push_up: false,
    upload_session_id: "8c8b6b2e-5f0e-4b9a-9a53-1f2f0d3c2a10",
  };
}

/** Starts a long-running `stoflow` command and resolves once its stdout matches `ready`. */
export function runCliUntil(
  args: string[],
  ready: RegExp,
): Promise<{ stdout: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [STOFLOW_BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: "warn" },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (ready.test(stdout)) resolve({ stdout, stop });
    });
    child.once("exit", (code) => reject(new Error(`stoflow exited (${code}): ${stderr}`)));
  });
}

/** The JSON of an answer, read loosely: tests assert on it. */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert on them
export async function body(res: Response | Promise<Response>): Promise<any> {
  return (await res).json();
}
