// Starts an embedded PostgreSQL and holds it until killed, so a test can leave the server
// running with a dead owner. Env: DATA_DIR, PGDATA_DIR, PORT. Prints `{"port":n}` when ready.
import { startEmbeddedPostgres } from "../../src/index.ts";

const { DATA_DIR, PGDATA_DIR, PORT } = process.env;
if (!DATA_DIR || !PGDATA_DIR || !PORT)
  throw new Error("DATA_DIR, PGDATA_DIR and PORT are required");

const server = await startEmbeddedPostgres({
  dataDir: DATA_DIR,
  pgdataDir: PGDATA_DIR,
  port: Number(PORT),
  database: "launcher",
});
console.log(JSON.stringify({ port: server.port }));
setInterval(() => {}, 60_000); // stay alive until SIGKILL
