// `stoflow import --tenant ID --source ID`: runs (or resumes) a catalog source's import in this
// process with a progress bar. Ctrl-C stops it; running the command again resumes from the
// last stored page.
import { parseTenantId } from "@stoflow/db";
import { type Command, InvalidArgumentError } from "commander";
import { loadConfig } from "../../config.ts";
import { createBoss, ensureQueues } from "../../pipeline/queues.ts";
import { DEFAULT_SETTINGS } from "../../pipeline/settings.ts";
import { configuredPorts } from "../../pipeline/wiring.ts";
import { importDeps } from "../../sources/deps.ts";
import { runImport } from "../../sources/import-run.ts";
import { ensureSourceQueues } from "../../sources/jobs.ts";
import type { ImportProgress } from "../../sources/progress.ts";
import { loadMasterKey } from "../../vault/master-key.ts";
import { createVault } from "../../vault/vault.ts";
import { withDatabase } from "../run-command.ts";

interface ImportOptions {
  tenant: number;
  source: string;
  kind: "full" | "incremental";
  force?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const count = (n: number) => n.toLocaleString("en-US");

/** `[########------] 4,200/10,000 42% · 850/s · ETA 7s · 3 failed` */
export function progressLine(p: ImportProgress, width = 24): string {
  const total = p.total ?? 0;
  const handled = p.done + p.failed;
  const ratio = total > 0 ? Math.min(1, handled / total) : 0;
  const filled = Math.round(ratio * width);
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
  const of = p.total === null ? count(handled) : `${count(handled)}/${count(total)}`;
  const eta = p.etaSeconds === null ? "ETA ?" : `ETA ${p.etaSeconds}s`;
  return `${bar} ${of} ${Math.floor(ratio * 100)}% · ${count(Math.round(p.rate))}/s · ${eta} · ${count(p.failed)} failed`;
}

function printer() {
  const tty = process.stderr.isTTY;
  let last = 0;
  return (p: ImportProgress, final = false) => {
    const now = Date.now();
    if (!final && now - last < (tty ? 100 : 2_000)) return;
    last = now;
    process.stderr.write(tty ? `\r${progressLine(p)}${final ? "\n" : ""}` : `${progressLine(p)}\n`);
  };
}

async function runImportCommand(options: ImportOptions): Promise<void> {
  await withDatabase(async (database, log) => {
    const config = loadConfig();
    const vault = createVault(database.db, loadMasterKey(config, log));
    const url = config.databaseUrl ?? database.embedded?.url;
    if (!url) throw new Error("No database URL for the job queue.");
    // Delists of products gone from the shop are queued for the workers of `stoflow start`.
    const boss = createBoss(url, { max: 2 });
    boss.on("error", (error) => log.error({ err: error }, "Job queue error"));
    await boss.start();
    const abort = new AbortController();
    const stop = () => abort.abort(new Error("Stopped by the user."));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      await ensureQueues(boss, DEFAULT_SETTINGS);
      await ensureSourceQueues(boss);
      const ctx = { config, database, log, vault };
      const requester = { db: database.db, boss, payloads: configuredPorts(ctx).payloads };
      const show = printer();
      const result = await runImport(importDeps(ctx, requester), options.tenant, options.source, {
        kind: options.kind,
        force: options.force,
        signal: abort.signal,
        onProgress: (p) => show(p),
      }).catch((error) => {
        if (abort.signal.aborted) {
          process.stderr.write(
            "\nStopped. Run the same command again to resume where it stopped.\n",
          );
          process.exitCode = 130;
          return undefined;
        }
        throw error;
      });
      if (!result) return;
      show(result, true);
      const summary = `Import ${result.status}: ${count(result.done)} products, ${count(result.failed)} failed.`;
      process.stdout.write(`${summary}\n`);
      for (const e of result.errors.slice(-5))
        process.stdout.write(`  ${e.ref ? `${e.ref}: ` : ""}${e.message}\n`);
      if (result.status !== "succeeded") process.exitCode = 1;
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      await boss.stop({ graceful: false, timeout: 2_000 });
    }
  });
}

export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description("Import a catalog source's products (resumes an interrupted import)")
    .requiredOption("--tenant <id>", "tenant id", (value) => parseTenantId(value))
    .requiredOption("--source <id>", "catalog source id (see GET /api/v1/sources)", (value) => {
      if (!UUID.test(value)) throw new InvalidArgumentError("A source id is a UUID.");
      return value;
    })
    .option(
      "--kind <kind>",
      "full, or incremental (changes since the last sync)",
      (value) => {
        if (value !== "full" && value !== "incremental")
          throw new InvalidArgumentError('--kind is "full" or "incremental".');
        return value;
      },
      "full",
    )
    .option("--force", "rewrite unchanged products too (after a mapping edit)")
    .action((options: ImportOptions) => runImportCommand(options));
}
