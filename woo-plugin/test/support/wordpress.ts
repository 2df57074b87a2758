// A real WordPress for the end-to-end test, without internet: WordPress 6.5 and the SQLite
// database integration from the npm package @wp-playground/wordpress-builds, served by
// Debian's php-cli (`php -S`, PDO SQLite). Plugins are installed from their zips.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";

const builds = dirname(
  createRequire(import.meta.url).resolve("@wp-playground/wordpress-builds/package.json"),
);
export const WORDPRESS_ZIP = join(builds, "src/wordpress/wp-6.5.zip");
// The zip leaves out static files (admin CSS and JS) the Playground serves from elsewhere; the
// package ships them in public/: laid over the zip, they make a complete WordPress.
const WORDPRESS_ASSETS = join(builds, "public/wp-6.5");
const SQLITE_ZIP = join(builds, "src/sqlite-database-integration/sqlite-database-integration.zip");

/** Writes a zip's files under `dest`, dropping `strip` from the front of each name. */
export function unzipInto(zip: string, dest: string, strip = "", prefix = "", skip: string[] = []) {
  for (const [name, data] of Object.entries(unzipSync(readFileSync(zip)))) {
    if (name.endsWith("/") || !name.startsWith(strip) || skip.includes(name)) continue;
    const path = join(dest, prefix, name.slice(strip.length));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface WordPress {
  url: string;
  dir: string;
  /** Runs PHP code with WordPress loaded (and its admin includes); returns what it printed. */
  php(code: string): string;
  /** Lines of PHP's debug log that name a file of `pluginDir`. */
  logOf(pluginDir: string): string[];
  close(): Promise<void>;
}

const PHP_HEADER = `<?php
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/post.php';
`;

export async function startWordPress(plugins: { zip?: string; dir?: string; slug: string }[]) {
  const dir = mkdtempSync(join(tmpdir(), "stoflow-wp-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The build ships a database installed for the Playground: this test installs its own.
  unzipInto(WORDPRESS_ZIP, dir, "", "", ["wp-content/database/.ht.sqlite"]);
  cpSync(WORDPRESS_ASSETS, dir, {
    recursive: true,
    filter: (src) => !src.includes("/wp-content/database"),
  });
  const pluginsDir = join(dir, "wp-content/plugins");
  unzipInto(
    SQLITE_ZIP,
    pluginsDir,
    "sqlite-database-integration-main/",
    "sqlite-database-integration",
  );
  const sqlite = join(pluginsDir, "sqlite-database-integration");
  writeFileSync(
    join(dir, "wp-content/db.php"),
    readFileSync(join(sqlite, "db.copy"), "utf8").replace(
      "{SQLITE_IMPLEMENTATION_FOLDER_PATH}",
      sqlite,
    ),
  );
  mkdirSync(join(dir, "wp-content/database"), { recursive: true });
  for (const plugin of plugins) {
    if (plugin.zip) unzipInto(plugin.zip, pluginsDir);
    if (plugin.dir) {
      mkdirSync(join(pluginsDir, plugin.slug), { recursive: true });
      copyFileSync(
        join(plugin.dir, `${plugin.slug}.php`),
        join(pluginsDir, plugin.slug, `${plugin.slug}.php`),
      );
    }
  }
  const salt = () => randomBytes(32).toString("hex");
  const keys = [
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
  ];
  writeFileSync(
    join(dir, "wp-config.php"),
    `<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', '' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', '' );
define( 'DB_CHARSET', 'utf8' );
define( 'DB_COLLATE', '' );
define( 'DB_DIR', __DIR__ . '/wp-content/database/' );
define( 'DB_FILE', '.ht.sqlite' );
${keys.map((k) => `define( '${k}', '${salt()}' );`).join("\n")}
$table_prefix = 'wp_';
define( 'WP_HOME', '${url}' );
define( 'WP_SITEURL', '${url}' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', __DIR__ . '/debug.log' );
define( 'WP_DEBUG_DISPLAY', false );
define( 'SCRIPT_DEBUG', false );
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true ); // no internet here: only this host (and the engine on it)
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`,
  );
  const runPhp = (code: string) => {
    const file = join(dir, `cli-${randomBytes(6).toString("hex")}.php`);
    writeFileSync(file, code);
    const result = spawnSync("php", [file], {
      cwd: dir,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, HTTP_HOST: `127.0.0.1:${port}` },
    });
    rmSync(file);
    if (result.status !== 0)
      throw new Error(`php failed (${result.status}): ${result.stdout}${result.stderr}`);
    return result.stdout;
  };
  runPhp(`<?php
define( 'WP_INSTALLING', true );
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install( 'Boutique Woo', 'admin', 'admin@example.test', false, '', 'a long admin password' );
// Pretty permalinks, as WooCommerce's REST API and /wc-auth/ pages need (php -S hands every
// path without a file to index.php).
global $wp_rewrite;
$wp_rewrite->set_permalink_structure( '/%postname%/' );
$wp_rewrite->flush_rules( false );
`);
  const server: ChildProcess = spawn("php", ["-S", `127.0.0.1:${port}`, "-t", dir], {
    cwd: dir,
    env: { ...process.env, PHP_CLI_SERVER_WORKERS: "4" },
    stdio: "ignore",
  });
  const started = Date.now();
  for (;;) {
    const ok = await fetch(`${url}/wp-login.php`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() - started > 30_000) throw new Error("php -S did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  const wordpress: WordPress = {
    url,
    dir,
    php: (code) => runPhp(`${PHP_HEADER}${code}`),
    logOf: (pluginDir) => {
      const log = join(dir, "debug.log");
      if (!existsSync(log)) return [];
      return readFileSync(log, "utf8")
        .split("\n")
        .filter((line) => line.includes(`/plugins/${pluginDir}/`));
    },
    async close() {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return wordpress;
}
