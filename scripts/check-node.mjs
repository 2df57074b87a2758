// Fails fast when a script runs on anything but the Node 22 pinned in devDependencies.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major !== 22 || minor < 18) {
  console.error(
    `Stoflow runs on Node 22 (>= 22.18), found ${process.version} at ${process.execPath}.\n` +
      "Run it through npm (npm start, npm test, npx stoflow ...), which uses the Node pinned in node_modules.",
  );
  process.exit(1);
}
