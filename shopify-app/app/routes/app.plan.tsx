import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  InlineGrid,
  InlineStack,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { ProblemBoundary } from "../components/ProblemBoundary";
import { type Translate, useLocale, useT } from "../i18n";
import { stoflowFor } from "../stoflow/context.server";
import { guard } from "../stoflow/guard.server";
import { must } from "../stoflow/problems";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { engine } = await stoflowFor(request);
  return guard(async () => {
    const [usage, plans] = await Promise.all([
      engine.GET("/api/v1/usage").then(must),
      engine.GET("/api/v1/plans").then(must),
    ]);
    return { usage, plans: plans.plans };
  });
};

function Meter({
  label,
  used,
  max,
  t,
}: {
  label: string;
  used: number;
  max: number | null;
  t: Translate;
}) {
  return (
    <BlockStack gap="100">
      <InlineStack align="space-between">
        <Text as="span">{label}</Text>
        <Text as="span" tone="subdued">
          {max === null
            ? t("plan.unlimited", { used })
            : max === 0 && used === 0
              ? t("plan.notIncluded")
              : t("plan.of", { used, max })}
        </Text>
      </InlineStack>
      {max !== null && max > 0 && (
        <ProgressBar
          progress={Math.min(100, Math.round((100 * used) / Math.max(1, max)))}
          tone={used >= max ? "critical" : "highlight"}
          size="small"
        />
      )}
    </BlockStack>
  );
}

export default function Plan() {
  const { usage, plans } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const money = (cents: number, currency: string) =>
    new Intl.NumberFormat(locale, { style: "currency", currency }).format(cents / 100);
  const day = (iso: string) => new Date(iso).toLocaleDateString(locale);
  const pubs = usage.publications;
  return (
    <Page title={t("plan.title")}>
      <BlockStack gap="500">
        <Card>
          <BlockStack gap="400">
            <BlockStack gap="100">
              <Text as="h2" variant="headingMd">
                {t("plan.current", { name: usage.plan.name })}
              </Text>
              <Text as="p" tone="subdued">
                {t("plan.period", { start: day(usage.period.start), end: day(usage.period.end) })}
              </Text>
            </BlockStack>
            <Meter
              label={t("plan.products")}
              used={usage.products.used}
              max={usage.products.max}
              t={t}
            />
            <Meter
              label={t("plan.platforms")}
              used={usage.platforms.used}
              max={usage.platforms.max}
              t={t}
            />
            <Meter label={t("plan.publications")} used={pubs.used} max={pubs.included} t={t} />
            <Meter
              label={t("plan.ai")}
              used={usage.aiGenerations.used}
              max={usage.aiGenerations.max}
              t={t}
            />
            {pubs.overage > 0 && (
              <Text as="p" tone="caution">
                {t("plan.overage", {
                  count: pubs.overage,
                  cost: money(pubs.overageCostCents, pubs.currency),
                })}
              </Text>
            )}
          </BlockStack>
        </Card>
        <Text as="h2" variant="headingMd">
          {t("plan.plans")}
        </Text>
        <InlineGrid columns={{ xs: 1, md: Math.min(4, Math.max(1, plans.length)) }} gap="400">
          {plans.map((plan) => (
            <Card key={plan.code}>
              <BlockStack gap="200">
                <InlineStack align="space-between">
                  <Text as="h3" variant="headingSm">
                    {plan.name}
                  </Text>
                  {plan.code === usage.plan.code && <Badge tone="success">{t("plan.yours")}</Badge>}
                </InlineStack>
                <Text as="p" variant="headingLg">
                  {plan.priceCents === null
                    ? t("plan.onRequest")
                    : t("plan.perMonth", { price: money(plan.priceCents, plan.currency) })}
                </Text>
                <Text as="p" tone="subdued">
                  {plan.maxProducts === null
                    ? t("plan.unlimitedProducts")
                    : t("plan.maxProducts", { count: plan.maxProducts })}
                </Text>
              </BlockStack>
            </Card>
          ))}
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = ProblemBoundary;
