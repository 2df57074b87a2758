import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../src/embedded/free-port.ts";
import { isAlive, readPostmasterPid, waitForExit } from "../src/embedded/postmaster-pid.ts";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "../src/index.ts";
import { spawnNode, waitFor } from "./support/node-child.ts";
import { tempDir } from "./support/temp-dir.ts";

const dir = tempDir("embedded");
const pgdataDir = join(dir.path, "pgdata");

async function start(): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({
    dataDir: dir.path,
    pgdataDir,
    port: await freePort(),
    database: "launcher",
  });
}

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

const readNotes = (server: EmbeddedPostgres) => query(server.url, "SELECT body FROM notes");
const KEPT = [{ body: "kept across restarts" }];

describe("the embedded PostgreSQL launcher", () => {
  beforeAll(async () => {
    const server = await start();
    await query(server.url, "CREATE TABLE notes (body text)");
    await query(server.url, `INSERT INTO notes VALUES ('${KEPT[0]?.body}')`);
    await server.stop();
  });

  afterAll(async () => {
    const left = readPostmasterPid(pgdataDir); // only after a failed test
    if (left && isAlive(left.pid)) {
      process.kill(left.pid, "SIGKILL");
      await waitForExit(left.pid, 10_000);
    }
    dir.remove();
  });

  it("keeps the data across a stop and a restart", async () => {
    const server = await start();
    expect(server.owned).toBe(true);
    expect(await readNotes(server)).toEqual(KEPT);
    await server.stop();
    expect(readPostmasterPid(pgdataDir)).toBeUndefined();
  });

  it("connects over its Unix socket, and still listens on 127.0.0.1", async () => {
    const server = await start();
    try {
      // inet_server_addr() is null on a Unix-socket connection.
      expect(await query(server.url, "SELECT inet_server_addr() AS addr")).toEqual([
        { addr: null },
      ]);
      const tcp = new URL(server.url);
      tcp.hostname = "127.0.0.1";
      tcp.search = "";
      expect(await readNotes({ ...server, url: tcp.toString() })).toEqual(KEPT);
    } finally {
      await server.stop();
    }
  });

  it("starts again after its server was killed with SIGKILL", async () => {
    const killed = await start();
    const postmaster = readPostmasterPid(pgdataDir);
    expect(postmaster?.port).toBe(killed.port);
    process.kill(postmaster?.pid as number, "SIGKILL");
    expect(await waitForExit(postmaster?.pid as number, 10_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 200)); // node has reaped its dead child by now
    await killed.stop(); // resolves at once: there is nothing left to stop

    const server = await start();
    expect(server.port).not.toBe(killed.port);
    expect(await readNotes(server)).toEqual(KEPT);
    await server.stop();
  });

  it("adopts a server left running by an owner that died", async () => {
    const owner = spawnNode("embedded-owner.ts", {
      DATA_DIR: dir.path,
      PGDATA_DIR: pgdataDir,
      PORT: String(await freePort()),
    });
    let port: number;
    try {
      port = await waitFor("the owner to start PostgreSQL", async () => {
        const line = owner.output().match(/\{"port":(\d+)\}/);
        if (owner.process.exitCode !== null) throw new Error(`owner exited:\n${owner.output()}`);
        return line ? Number(line[1]) : undefined;
      });
    } finally {
      owner.process.kill("SIGKILL"); // the owner dies; its server keeps running
    }
    await owner.exited;
    const orphan = readPostmasterPid(pgdataDir);
    expect(orphan && isAlive(orphan.pid)).toBe(true);

    const server = await start();
    expect(server).toMatchObject({ owned: true, port });
    expect(await readNotes(server)).toEqual(KEPT);
    await server.stop();
    expect(isAlive(orphan?.pid as number)).toBe(false);
  });
});
