import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineStack,
  Layout,
  List,
  Page,
  Tabs,
  Tag,
  Text,
  Thumbnail,
} from "@shopify/polaris";
import { useState } from "react";
import { PLATFORMS, PlatformBadges } from "../components/PlatformBadges";
import { ProblemBoundary } from "../components/ProblemBoundary";
import { useLocale, useT } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { stoflowFor } from "../stoflow/context.server";
import { guard } from "../stoflow/guard.server";
import { failure, must } from "../stoflow/problems";

type Platform = (typeof PLATFORMS)[number];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { engine } = await stoflowFor(request);
  const id = String(params.id);
  return guard(async () => {
    const path = { path: { id } };
    const [product, lint, generations] = await Promise.all([
      engine.GET("/api/v1/products/{id}", { params: path }).then(must),
      engine
        .GET("/api/v1/products/{id}/lint", { params: { ...path, query: { platform: "vinted" } } })
        .then(must),
      engine
        .GET("/api/v1/ai/generations", { params: { query: { productId: id, limit: 1 } } })
        .then(must),
    ]);
    return { product, lint, generation: generations.items[0] ?? null };
  });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { engine } = await stoflowFor(request);
  const form = await request.formData();
  const productId = String(params.id);
  try {
    if (form.get("intent") === "apply") {
      const platform = String(form.get("platform")) as Platform;
      const generationId = String(form.get("generationId"));
      must(
        await engine.POST("/api/v1/ai/generations/{id}/apply", {
          params: { path: { id: generationId } },
          body: { platform: PLATFORMS.includes(platform) ? platform : "vinted" },
        }),
      );
      return { ok: true as const, applied: true };
    }
    must(
      await engine.POST("/api/v1/ai/generate-description", {
        body: { productId, platforms: [...PLATFORMS] },
      }),
    );
    return { ok: true as const, applied: false };
  } catch (error) {
    return failure(error);
  }
};

export default function ProductDetail() {
  const { product, lint, generation } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [tab, setTab] = useState(0);
  const platform = PLATFORMS[tab] as Platform;
  const texts = generation?.texts?.[platform];
  const image = product.images[0]?.url;
  const price = new Intl.NumberFormat(locale, {
    style: "currency",
    currency: product.currency,
  }).format(product.price);
  const platformName = t(`platform.${platform}` as MessageKey);
  const busy = fetcher.state !== "idle";
  const submit = (fields: Record<string, string>) => fetcher.submit(fields, { method: "post" });
  return (
    <Page
      title={product.title}
      backAction={{ content: t("detail.back"), url: "/app/products" }}
      titleMetadata={<PlatformBadges listings={product.listings} />}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {fetcher.data && !fetcher.data.ok && (
              <Banner tone="critical" title={fetcher.data.error} />
            )}
            {fetcher.data?.ok && fetcher.data.applied && (
              <Banner tone="success" title={t("detail.ai.applied")} />
            )}
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {t("detail.ai")}
                  </Text>
                  <Button
                    loading={busy}
                    onClick={() => submit({ intent: "generate" })}
                    variant={generation ? undefined : "primary"}
                  >
                    {generation ? t("detail.ai.regenerate") : t("detail.ai.generate")}
                  </Button>
                </InlineStack>
                <Tabs
                  tabs={PLATFORMS.map((p) => ({
                    id: p,
                    content: t(`platform.${p}` as MessageKey),
                  }))}
                  selected={tab}
                  onSelect={setTab}
                />
                {!generation && <Text as="p">{t("detail.ai.none")}</Text>}
                {generation?.status === "pending" && <Text as="p">{t("detail.ai.pending")}</Text>}
                {texts && (
                  <BlockStack gap="200">
                    <Text as="h3" variant="headingSm">
                      {texts.title}
                    </Text>
                    <Text as="p">{texts.description}</Text>
                    {texts.keywords.length > 0 && (
                      <InlineStack gap="100">
                        {texts.keywords.map((k) => (
                          <Tag key={k}>{k}</Tag>
                        ))}
                      </InlineStack>
                    )}
                    {texts.source === "template" && (
                      <Text as="p" tone="subdued">
                        {t("detail.ai.template")}
                      </Text>
                    )}
                    <InlineStack>
                      <Button
                        disabled={busy}
                        onClick={() =>
                          submit({ intent: "apply", platform, generationId: generation?.id ?? "" })
                        }
                      >
                        {t("detail.ai.apply")}
                      </Button>
                    </InlineStack>
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("detail.lint")}
                </Text>
                <Banner
                  tone={lint.ready ? "success" : "warning"}
                  title={t(lint.ready ? "detail.lint.ready" : "detail.lint.notReady", {
                    platform: t("platform.vinted"),
                  })}
                >
                  {lint.lint.errors.length + lint.mapping.missing.length > 0 && (
                    <List>
                      {lint.lint.errors.map((issue) => (
                        <List.Item key={`${issue.rule}-${issue.field}`}>{issue.message}</List.Item>
                      ))}
                      {lint.mapping.missing.map((issue) => (
                        <List.Item key={issue.field}>{issue.message}</List.Item>
                      ))}
                    </List>
                  )}
                </Banner>
                {lint.lint.warnings.length > 0 && (
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingSm">
                      {t("detail.lint.warnings")}
                    </Text>
                    <List>
                      {lint.lint.warnings.map((issue) => (
                        <List.Item key={`${issue.rule}-${issue.field}`}>{issue.message}</List.Item>
                      ))}
                    </List>
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("detail.preview", { platform: platformName })}
              </Text>
              <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                <BlockStack gap="200">
                  {image && <Thumbnail source={image} alt={product.title} size="large" />}
                  <Text as="p" variant="headingSm">
                    {texts?.title ?? product.title}
                  </Text>
                  <Text as="p" variant="headingMd">
                    {price}
                  </Text>
                  <Text as="p" tone="subdued">
                    {[
                      product.brand,
                      product.size,
                      product.condition && t(`condition.${product.condition}` as MessageKey),
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </Text>
                  <Text as="p">{truncate(texts?.description ?? product.description, 300)}</Text>
                </BlockStack>
              </Box>
              <Text as="p" tone="subdued">
                {t("detail.stock")}: {product.quantity}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

const truncate = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

export const ErrorBoundary = ProblemBoundary;
