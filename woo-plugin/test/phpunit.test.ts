// The PHPUnit unit tests (woo-plugin/tests/unit), run with Debian's phpunit.
import { describe, expect, it } from "vitest";
import { run } from "./support/php.ts";

describe("PHPUnit", () => {
  it("passes the plugin's unit tests", () => {
    const { status, out } = run("phpunit", ["-c", "phpunit.xml.dist"]);
    expect(out, out).toMatch(/OK \(\d+ tests?, \d+ assertions?\)/);
    expect(status).toBe(0);
  });
});
