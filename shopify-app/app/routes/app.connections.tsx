import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
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
import { failure, must } from "../stoflow/problems";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { engine, session } = await stoflowFor(request);
  return guard(async () => {
    const [sources, accounts] = await Promise.all([
      engine.GET("/api/v1/sources").then(must),
      engine.GET("/api/v1/channel-accounts").then(must),
    ]);
    const source = sources.items.find((s) => s.kind === "shopify" && s.baseUrl === session.shop);
    return {
      source: source ?? null,
      vinted: accounts.channelAccounts.filter((a) => a.platform === "vinted"),
    };
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { engine, session } = await stoflowFor(request);
  const form = await request.formData();
  try {
    if (form.get("intent") === "import") {
      const sources = must(await engine.GET("/api/v1/sources"));
      const source = sources.items.find((s) => s.kind === "shopify" && s.baseUrl === session.shop);
      if (!source) return { ok: false as const, error: "No Shopify shop is connected." };
      must(
        await engine.POST("/api/v1/sources/{id}/imports", {
          params: { path: { id: source.id } },
          body: { kind: "full" },
        }),
      );
      return { ok: true as const, imported: true, pairing: null };
    }
    const pairing = must(await engine.POST("/api/v1/channels/pairing-codes"));
    return { ok: true as const, imported: false, pairing };
  } catch (error) {
    return failure(error);
  }
};

export default function Connections() {
  const { source, vinted } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const t = useT();
  const locale = useLocale();
  const result = fetcher.data;
  const pairing = result?.ok ? result.pairing : null;
  const statusText = (status: string) => t(`status.${status}` as MessageKey);
  return (
    <Page title={t("connections.title")}>
      <Layout>
        {result && !result.ok && (
          <Layout.Section>
            <Banner tone="critical" title={result.error} />
          </Layout.Section>
        )}
        <Layout.AnnotatedSection title={t("connections.shopify")}>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="p" fontWeight="semibold">
                  {source?.label ?? "—"}
                </Text>
                <Badge tone={source?.status === "connected" ? "success" : "critical"}>
                  {statusText(source?.status ?? "disconnected")}
                </Badge>
              </InlineStack>
              <Text as="p" tone="subdued">
                {source?.baseUrl}
              </Text>
              <ImportProgress run={source?.lastImport} />
              {result?.ok && result.imported && <Banner tone="info" title={t("import.started")} />}
              <InlineStack>
                <Button
                  disabled={source?.status !== "connected"}
                  loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "import"}
                  onClick={() => fetcher.submit({ intent: "import" }, { method: "post" })}
                >
                  {t("import.again")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("connections.vinted")}>
          <Card>
            <BlockStack gap="300">
              {vinted.length === 0 && <Text as="p">{t("connections.vinted.none")}</Text>}
              {vinted.map((account) => (
                <InlineStack key={account.id} align="space-between" blockAlign="center">
                  <Text as="p">
                    {account.username ?? account.externalUserId ?? "Vinted"}
                    {account.domain ? ` · ${account.domain}` : ""}
                  </Text>
                  <Badge tone={account.status === "connected" ? "success" : "attention"}>
                    {statusText(account.status)}
                  </Badge>
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title={t("connections.pairing")}
          description={t("connections.pairing.help")}
        >
          <Card>
            <BlockStack gap="300">
              {pairing && (
                <BlockStack gap="100">
                  <Text as="p" variant="headingXl">
                    {t("connections.pairing.code", { code: pairing.code })}
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("connections.pairing.expires", {
                      time: new Date(pairing.expiresAt).toLocaleTimeString(locale),
                    })}
                  </Text>
                </BlockStack>
              )}
              <InlineStack>
                <Button
                  variant="primary"
                  loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "pair"}
                  onClick={() => fetcher.submit({ intent: "pair" }, { method: "post" })}
                >
                  {t("connections.pairing.create")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = ProblemBoundary;
