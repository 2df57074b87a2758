import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { ImportProgress } from "../components/ImportProgress";
import { ProblemBoundary } from "../components/ProblemBoundary";
import { useLocale, useT } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { stoflowFor } from "../stoflow/context.server";
import { guard } from "../stoflow/guard.server";
import { must } from "../stoflow/problems";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { engine, session } = await stoflowFor(request);
  return guard(async () => {
    const [stats, usage, accounts, sources] = await Promise.all([
      engine.GET("/api/v1/stats", { params: { query: {} } }).then(must),
      engine.GET("/api/v1/usage").then(must),
      engine.GET("/api/v1/channel-accounts").then(must),
      engine.GET("/api/v1/sources").then(must),
    ]);
    const source = sources.items.find((s) => s.kind === "shopify" && s.baseUrl === session.shop);
    const vinted = accounts.channelAccounts.find((a) => a.platform === "vinted") ?? null;
    return {
      stats: { publishedToday: stats.publishedToday, pending: stats.pending, errors: stats.errors },
      products: usage.products.used,
      published: usage.publications.used,
      source: source ?? null,
      vinted,
    };
  });
};

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function Home() {
  const { stats, products, published, source, vinted } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const steps: { key: MessageKey; done: boolean }[] = [
    { key: "home.step.shop", done: source?.status === "connected" },
    { key: "home.step.import", done: source?.lastImport?.status === "succeeded" },
    { key: "home.step.vinted", done: vinted?.status === "connected" && vinted.hasSession },
    { key: "home.step.publish", done: published > 0 || stats.publishedToday > 0 },
  ];
  const done = steps.filter((s) => s.done).length;
  let vintedLine = t("home.vinted.none");
  if (vinted?.status === "connected")
    vintedLine = t("home.vinted.connected", { username: vinted.username ?? "?" });
  if (vinted?.status === "reconnect_needed") vintedLine = t("home.vinted.reconnect");
  if (vinted?.status === "paused" && vinted.pausedUntil)
    vintedLine = t("home.vinted.paused", {
      until: new Date(vinted.pausedUntil).toLocaleString(locale),
    });
  return (
    <Page title={t("home.title")}>
      <BlockStack gap="500">
        <ImportProgress
          run={source?.lastImport?.status === "succeeded" ? null : source?.lastImport}
        />
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          <Stat label={t("home.publishedToday")} value={stats.publishedToday} />
          <Stat label={t("home.pending")} value={stats.pending} />
          <Stat label={t("home.errors")} value={stats.errors} />
          <Stat label={t("home.products")} value={products} />
        </InlineGrid>
        <Layout>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    {t("home.steps")}
                  </Text>
                  <Badge tone={done === steps.length ? "success" : "attention"}>
                    {t("home.stepsDone", { done, total: steps.length })}
                  </Badge>
                </InlineStack>
                {steps.map((step) => (
                  <InlineStack key={step.key} gap="200" blockAlign="center" wrap={false}>
                    <Text as="span" tone={step.done ? "success" : "subdued"}>
                      {step.done ? "✔" : "○"}
                    </Text>
                    <Text as="span" tone={step.done ? "subdued" : undefined}>
                      {t(step.key)}
                    </Text>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    {t("home.vinted")}
                  </Text>
                  <Badge tone={vinted?.status === "connected" ? "success" : "attention"}>
                    {t(`status.${vinted?.status ?? "disconnected"}` as MessageKey)}
                  </Badge>
                </InlineStack>
                <Text as="p">{vintedLine}</Text>
                {vinted?.status !== "connected" && (
                  <Button url="/app/connections">{t("home.vinted.connect")}</Button>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = ProblemBoundary;
