import openapiTS, { astToString } from "openapi-typescript";
import { openApiDocument } from "../src/http/openapi-document.ts";

/** The generated client files, as text: the generator writes them, a test compares them. */
export async function clientSources(): Promise<{ openapi: string; schema: string }> {
  const document = openApiDocument();
  // openapi-typescript annotates discriminated unions in place: give it a copy.
  const ast = await openapiTS(structuredClone(document) as never);
  const header =
    "// Generated from the engine's OpenAPI document by `npm run generate:client`. Do not edit.\n";
  return {
    openapi: `${JSON.stringify(document, null, 2)}\n`,
    schema: header + astToString(ast),
  };
}
