// The baseline: a bare express route returning a static body, nothing else.
import express from "express";

const body = { items: [], total: 0, page: 1, perPage: 50 };
const app = express();
app.get("/bare", (_req, res) => {
  res.json(body);
});
const server = app.listen(Number(process.env.PORT), "127.0.0.1", () => {
  process.stdout.write("ready\n");
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
