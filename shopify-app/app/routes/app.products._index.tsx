import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  EmptyState,
  IndexTable,
  Link,
  Page,
  Text,
  Thumbnail,
  useIndexResourceState,
} from "@shopify/polaris";
import { ImportProgress } from "../components/ImportProgress";
import { PlatformBadges } from "../components/PlatformBadges";
import { ProblemBoundary } from "../components/ProblemBoundary";
import { useLocale, useT } from "../i18n";
import { stoflowFor } from "../stoflow/context.server";
import { guard } from "../stoflow/guard.server";
import { failure, must } from "../stoflow/problems";
import { type ProductIntent, runProductAction } from "../stoflow/product-actions.server";

const PER_PAGE = 25;
const INTENTS: ProductIntent[] = ["publish", "delist", "ai"];
const UUID = /^[0-9a-f-]{36}$/i;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { engine, session } = await stoflowFor(request);
  const page = Math.max(1, Number(new URL(request.url).searchParams.get("page")) || 1);
  return guard(async () => {
    const [products, sources] = await Promise.all([
      engine.GET("/api/v1/products", { params: { query: { page, perPage: PER_PAGE } } }).then(must),
      engine.GET("/api/v1/sources").then(must),
    ]);
    const source = sources.items.find((s) => s.kind === "shopify" && s.baseUrl === session.shop);
    return {
      page,
      total: products.total,
      items: products.items.map((p) => ({
        id: p.id,
        title: p.title,
        price: p.price,
        currency: p.currency,
        quantity: p.quantity,
        image: p.images[0]?.url ?? null,
        listings: p.listings,
      })),
      importRun: source?.lastImport ?? null,
    };
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { engine } = await stoflowFor(request);
  const form = await request.formData();
  const intent = String(form.get("intent")) as ProductIntent;
  const ids = form
    .getAll("id")
    .map(String)
    .filter((id) => UUID.test(id));
  if (!INTENTS.includes(intent) || ids.length === 0) {
    return { ok: false as const, error: "Choose at least one product and an action." };
  }
  try {
    const count = await runProductAction(engine, intent, ids);
    return { ok: true as const, intent, count };
  } catch (error) {
    return failure(error);
  }
};

export default function Products() {
  const { items, total, page, importRun } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const navigate = useNavigate();
  const t = useT();
  const locale = useLocale();
  const { selectedResources, allResourcesSelected, handleSelectionChange } =
    useIndexResourceState(items);
  const money = (amount: number, currency: string) =>
    new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount);
  const act = (intent: ProductIntent, ids: string[]) => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of ids) form.append("id", id);
    fetcher.submit(form, { method: "post" });
  };
  const result = fetcher.data;
  const resultLine =
    result?.ok &&
    t(
      result.intent === "publish"
        ? "products.published"
        : result.intent === "delist"
          ? "products.delisted"
          : "products.aiStarted",
      { count: result.count },
    );
  const busy = fetcher.state !== "idle";
  return (
    <Page title={t("products.title")} subtitle={t("products.count", { count: total })}>
      <BlockStack gap="400">
        <ImportProgress run={importRun?.status === "succeeded" ? null : importRun} />
        {result && !result.ok && <Banner tone="critical" title={result.error} />}
        {resultLine && <Banner tone="success" title={resultLine} />}
        <Card padding="0">
          {items.length === 0 ? (
            <EmptyState heading={t("products.title")} image="">
              <p>{t("products.empty")}</p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: "product", plural: "products" }}
              itemCount={items.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              promotedBulkActions={[
                {
                  content: t("products.publish"),
                  onAction: () => act("publish", selectedResources),
                },
                { content: t("products.ai"), onAction: () => act("ai", selectedResources) },
              ]}
              bulkActions={[
                { content: t("products.delist"), onAction: () => act("delist", selectedResources) },
              ]}
              headings={[
                { title: t("products.col.product") },
                { title: t("products.col.price"), alignment: "end" },
                { title: t("products.col.stock"), alignment: "end" },
                { title: t("products.col.status") },
                { title: t("products.col.actions") },
              ]}
              pagination={{
                hasPrevious: page > 1,
                hasNext: page * PER_PAGE < total,
                onPrevious: () => navigate(`?page=${page - 1}`),
                onNext: () => navigate(`?page=${page + 1}`),
              }}
            >
              {items.map((item, index) => (
                <IndexTable.Row
                  id={item.id}
                  key={item.id}
                  position={index}
                  selected={selectedResources.includes(item.id)}
                >
                  <IndexTable.Cell>
                    <div style={{ display: "flex", gap: 12, alignItems: "center" }}>
                      <Thumbnail source={item.image ?? ""} alt="" size="small" />
                      <Link
                        url={`/app/products/${item.id}`}
                        removeUnderline
                        monochrome
                        dataPrimaryLink
                      >
                        <Text as="span" fontWeight="semibold">
                          {item.title}
                        </Text>
                      </Link>
                    </div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {money(item.price, item.currency)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {item.quantity}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <PlatformBadges listings={item.listings} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {/* biome-ignore lint/a11y/noStaticElementInteractions: keeps a click on the row's buttons from toggling its selection; the buttons are the controls */}
                    <div
                      onClick={(e) => e.stopPropagation()}
                      onKeyDown={(e) => e.stopPropagation()}
                    >
                      <ButtonGroup>
                        <Button
                          size="slim"
                          disabled={busy}
                          onClick={() => act("publish", [item.id])}
                        >
                          {t("products.row.publish")}
                        </Button>
                        <Button
                          size="slim"
                          disabled={busy}
                          onClick={() => act("delist", [item.id])}
                        >
                          {t("products.delist")}
                        </Button>
                        <Button size="slim" disabled={busy} onClick={() => act("ai", [item.id])}>
                          {t("products.row.ai")}
                        </Button>
                      </ButtonGroup>
                    </div>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = ProblemBoundary;
