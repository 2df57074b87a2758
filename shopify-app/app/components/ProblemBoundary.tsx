import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useT } from "../i18n";

/** An engine problem as a banner; Shopify's own auth responses as the package renders them. */
export function ProblemBoundary() {
  const error = useRouteError();
  const t = useT();
  const shown =
    isRouteErrorResponse(error) && typeof error.data === "object" && error.data
      ? (error.data as { stoflowProblem?: string }).stoflowProblem
      : undefined;
  if (shown) {
    return (
      <Page>
        <Banner tone="critical" title={t("error.title")}>
          {t("error.engine", { message: shown })}
        </Banner>
      </Page>
    );
  }
  return boundary.error(error);
}
