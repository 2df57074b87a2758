import { Command } from "commander";
import { registerDbCommands } from "./commands/db.ts";
import { registerImportCommand } from "./commands/import.ts";
import { registerSandboxCommand } from "./commands/sandbox.ts";
import { runStart } from "./commands/start.ts";
import { registerTenantCommands } from "./commands/tenant.ts";
import { registerVaultCommands } from "./commands/vault.ts";

export async function main(argv: string[]): Promise<void> {
  const program = new Command("stoflow")
    .description("Stoflow: publish everywhere, delist everywhere on sale")
    .showHelpAfterError();
  program
    .command("start")
    .description("Run the engine: database (embedded unless DATABASE_URL), migrations, HTTP API")
    .option("-p, --port <port>", "HTTP port (default: PORT or 3000)")
    .option("--role <role>", "api (HTTP only), worker (jobs only) or all", "all")
    .action(runStart);
  registerDbCommands(program);
  registerTenantCommands(program);
  registerSandboxCommand(program);
  registerImportCommand(program);
  registerVaultCommands(program);
  await program.parseAsync(argv);
}
