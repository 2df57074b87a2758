// The floor the import is compared with: the same product rows, already in memory as COPY
// text, streamed with COPY into a scratch table without indexes or triggers.
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";

const COLUMNS =
  "sku, title, description, brand, category, size, colors, condition, material, price, currency, quantity, status, attributes, source_id, source_ref, source_updated_at";

/** The imported rows of `schema`, as COPY text. */
export async function exportRows(pool: pg.Pool, schema: string): Promise<Buffer> {
  const client = await pool.connect();
  try {
    const chunks: Buffer[] = [];
    const stream = client.query(
      copyTo(`COPY (SELECT ${COLUMNS} FROM ${schema}.products) TO STDOUT`),
    );
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } finally {
    client.release();
  }
}

/** Milliseconds to COPY `rows` into a fresh scratch table. */
export async function timeCopy(pool: pg.Pool, schema: string, rows: Buffer): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS ${schema}.bench_scratch`);
    await client.query(
      `CREATE TABLE ${schema}.bench_scratch AS SELECT ${COLUMNS} FROM ${schema}.products WITH NO DATA`,
    );
    const started = performance.now();
    const sink = client.query(copyFrom(`COPY ${schema}.bench_scratch (${COLUMNS}) FROM STDIN`));
    await pipeline(
      (async function* () {
        for (let at = 0; at < rows.length; at += 1 << 16) yield rows.subarray(at, at + (1 << 16));
      })(),
      sink,
    );
    const ms = performance.now() - started;
    await client.query(`DROP TABLE ${schema}.bench_scratch`);
    return ms;
  } finally {
    client.release();
  }
}
