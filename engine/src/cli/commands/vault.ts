import { renameSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { ConfigError, loadConfig } from "../../config.ts";
import { decodeMasterKey, loadMasterKey, masterKeyFile } from "../../vault/master-key.ts";
import { rotateMasterKey } from "../../vault/rotate.ts";
import { withDatabase } from "../run-command.ts";

async function rotate(): Promise<void> {
  await withDatabase(async ({ db }, log) => {
    const config = loadConfig();
    if (!config.newMasterKey) {
      throw new ConfigError(
        "Set STOFLOW_NEW_MASTER_KEY to the new key (openssl rand -base64 32); " +
          "the current one comes from STOFLOW_MASTER_KEY or the data directory.",
      );
    }
    const oldKey = loadMasterKey(config, log);
    const newKey = decodeMasterKey(config.newMasterKey, "STOFLOW_NEW_MASTER_KEY");
    const result = await rotateMasterKey(db, oldKey, newKey);
    let next: string;
    if (config.masterKey) {
      next = "Now set STOFLOW_MASTER_KEY to the new key and restart every engine process.";
    } else {
      // The generated key lives in the data directory: replace it, atomically.
      const file = masterKeyFile(config);
      writeFileSync(`${file}.new`, newKey.toString("base64"), { mode: 0o600 });
      renameSync(`${file}.new`, file);
      next = `${file} now holds the new key; restart every engine process.`;
    }
    process.stdout.write(
      `Re-wrapped ${result.rewrapped} tenant data key(s): master key ${result.fromKeyId} -> ` +
        `${result.toKeyId}. No credential was re-encrypted. ${next}\n` +
        "Access tokens are signed with a key derived from the master key: signed-in users " +
        "sign in again (or refresh) after the restart.\n",
    );
  });
}

export function registerVaultCommands(program: Command): void {
  const vault = program.command("vault").description("The credential vault's master key");
  vault
    .command("rotate")
    .description(
      "Re-wrap every tenant's data key with STOFLOW_NEW_MASTER_KEY in one transaction " +
        "(credentials are not re-encrypted). Stop the engines first.",
    )
    .action(rotate);
}
