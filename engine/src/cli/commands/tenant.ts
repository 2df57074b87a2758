import {
  dropTenant,
  getTenant,
  listTenants,
  parseTenantId,
  provisionTenant,
  TenantNotFoundError,
} from "@stoflow/db";
import { type Command, InvalidArgumentError } from "commander";
import { withDatabase } from "../run-command.ts";

function tenantName(value: string): string {
  const name = value.trim();
  if (name.length === 0 || name.length > 120) {
    throw new InvalidArgumentError("A tenant name is 1 to 120 characters.");
  }
  return name;
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function registerTenantCommands(program: Command): void {
  const tenant = program.command("tenant").description("Create, list and drop tenants");

  tenant
    .command("create")
    .description("Create a tenant and its schema; prints the tenant as JSON")
    .requiredOption("--name <name>", "shop or seller name", tenantName)
    .option("--locale <locale>", "default language", "fr")
    .action((options: { name: string; locale: string }) =>
      withDatabase(async ({ pool }) => {
        printJson(await provisionTenant(pool, { name: options.name, locale: options.locale }));
      }),
    );

  tenant
    .command("list")
    .description("List tenants")
    .option("--json", "print JSON instead of a table")
    .action((options: { json?: boolean }) =>
      withDatabase(async ({ pool }) => {
        const tenants = await listTenants(pool);
        if (options.json) return printJson(tenants);
        if (tenants.length === 0) return void process.stdout.write("No tenants yet.\n");
        console.table(tenants.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })));
      }),
    );

  tenant
    .command("drop")
    .description("Delete a tenant: drops its schema and all its data (GDPR erasure)")
    .argument("<id>", "tenant id")
    .action((id: string) =>
      withDatabase(async ({ pool }) => {
        const found = await getTenant(pool, id);
        if (!found) throw new TenantNotFoundError(parseTenantId(id));
        await dropTenant(pool, found.id);
        process.stdout.write(`Dropped tenant ${found.id} (${found.name}) and its schema.\n`);
      }),
    );
}
