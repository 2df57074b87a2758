import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import {
  Button,
  Card,
  FormLayout,
  Page,
  AppProvider as PolarisAppProvider,
  Text,
  TextField,
} from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import enPolaris from "@shopify/polaris/locales/en.json" with { type: "json" };
import frPolaris from "@shopify/polaris/locales/fr.json" with { type: "json" };
import { useState } from "react";
import { localeOf, translator } from "../../i18n";
import { login } from "../../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

type LoginError = "login.missing" | "login.invalid" | undefined;

function errorOf(errors: { shop?: string } | undefined): LoginError {
  if (!errors?.shop) return undefined;
  return errors.shop === "MISSING_SHOP" ? "login.missing" : "login.invalid";
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const errors = await login(request);
  return { error: errorOf(errors as { shop?: string }), locale: localeOf(request) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const errors = await login(request);
  return { error: errorOf(errors as { shop?: string }) };
};

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const t = translator(loaderData.locale);
  const error = actionData?.error ?? loaderData.error;
  return (
    <PolarisAppProvider i18n={loaderData.locale === "fr" ? frPolaris : enPolaris}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h2">
                {t("login.title")}
              </Text>
              <TextField
                type="text"
                name="shop"
                label={t("login.shop")}
                helpText={t("login.help")}
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={error ? t(error) : undefined}
              />
              <Button submit>{t("login.submit")}</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </PolarisAppProvider>
  );
}
