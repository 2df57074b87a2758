#!/usr/bin/env node
// Plain JavaScript so that an older Node gets a readable message instead of a syntax error.
import "../../scripts/check-node.mjs";

const { main } = await import("../src/cli/main.ts");
await main(process.argv);
