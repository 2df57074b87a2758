import { Banner, BlockStack, ProgressBar, Text } from "@shopify/polaris";
import type { Schemas } from "@stoflow/client";
import { useT } from "../i18n";

/** The latest catalog import: a bar while it runs, a line when done, the error when it failed. */
export function ImportProgress({ run }: { run: Schemas["ImportProgress"] | null | undefined }) {
  const t = useT();
  if (!run) return null;
  if (run.status === "failed") {
    const error = run.errors[0]?.message ?? "";
    return <Banner tone="critical" title={t("import.failed", { error })} />;
  }
  if (run.status === "succeeded") {
    return (
      <Text as="p" tone="subdued">
        {t("import.done", { done: run.done })}
      </Text>
    );
  }
  const percent = run.total ? Math.round((100 * run.done) / run.total) : 0;
  return (
    <Banner tone="info" title={t("import.title")}>
      <BlockStack gap="200">
        <Text as="p">
          {run.total
            ? t("import.running", { done: run.done, total: run.total })
            : t("import.runningUnknown", { done: run.done })}
        </Text>
        <ProgressBar progress={percent} size="small" />
      </BlockStack>
    </Banner>
  );
}
