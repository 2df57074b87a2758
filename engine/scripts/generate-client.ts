import { writeFileSync } from "node:fs";
import { clientSources } from "./client-source.ts";

const dir = new URL("../client/", import.meta.url);
const { openapi, schema } = await clientSources();
writeFileSync(new URL("openapi.json", dir), openapi);
writeFileSync(new URL("src/schema.ts", dir), schema);
console.log("Wrote engine/client/openapi.json and engine/client/src/schema.ts");
