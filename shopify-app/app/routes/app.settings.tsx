import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { ProblemBoundary } from "../components/ProblemBoundary";
import { useT } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { stoflowFor } from "../stoflow/context.server";
import { guard } from "../stoflow/guard.server";
import { linkExistingAccount } from "../stoflow/install.server";
import { failure, must } from "../stoflow/problems";

const TONES = ["friendly", "professional", "enthusiastic"] as const;
const LENGTHS = ["short", "standard", "long"] as const;
const LANGUAGES = ["fr", "en", "de", "es", "it", "nl", "pl"] as const;
const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = {
  fr: "Français",
  en: "English",
  de: "Deutsch",
  es: "Español",
  it: "Italiano",
  nl: "Nederlands",
  pl: "Polski",
};

const oneOf = <T extends string>(values: readonly T[], value: unknown, fallback: T): T =>
  values.includes(value as T) ? (value as T) : fallback;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { engine } = await stoflowFor(request);
  return guard(async () => {
    const [settings, me] = await Promise.all([
      engine.GET("/api/v1/ai/settings").then(must),
      engine.GET("/api/v1/me").then(must),
    ]);
    return { settings, shopName: me.tenant.name };
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { engine, session } = await stoflowFor(request);
  const form = await request.formData();
  const language = form.get("language");
  try {
    if (form.get("intent") === "link") {
      await linkExistingAccount(session, String(form.get("code") ?? "").slice(0, 32));
      return { ok: true as const, linked: true };
    }
    must(
      await engine.PUT("/api/v1/ai/settings", {
        body: {
          tone: oneOf(TONES, form.get("tone"), "friendly"),
          length: oneOf(LENGTHS, form.get("length"), "standard"),
          emoji: form.get("emoji") === "on",
          language: language ? oneOf(LANGUAGES, language, "fr") : null,
        },
      }),
    );
    return { ok: true as const, linked: false };
  } catch (error) {
    return failure(error);
  }
};

export default function Settings() {
  const { settings, shopName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const [tone, setTone] = useState<string>(settings.tone);
  const [length, setLength] = useState<string>(settings.length);
  const [emoji, setEmoji] = useState(settings.emoji);
  const [language, setLanguage] = useState(settings.language ?? "");
  const [code, setCode] = useState("");
  return (
    <Page title={t("settings.title")}>
      <Layout>
        {result && !result.ok && (
          <Layout.Section>
            <Banner tone="critical" title={result.error} />
          </Layout.Section>
        )}
        <Layout.AnnotatedSection title={t("settings.ai")} description={t("settings.ai.help")}>
          <Card>
            <Form method="post">
              <FormLayout>
                {result?.ok && !result.linked && (
                  <Banner tone="success" title={t("settings.saved")} />
                )}
                <Select
                  label={t("settings.tone")}
                  name="tone"
                  options={TONES.map((v) => ({
                    value: v,
                    label: t(`settings.tone.${v}` as MessageKey),
                  }))}
                  value={tone}
                  onChange={setTone}
                />
                <Select
                  label={t("settings.length")}
                  name="length"
                  options={LENGTHS.map((v) => ({
                    value: v,
                    label: t(`settings.length.${v}` as MessageKey),
                  }))}
                  value={length}
                  onChange={setLength}
                />
                <Select
                  label={t("settings.language")}
                  name="language"
                  options={[
                    { value: "", label: t("settings.language.auto") },
                    ...LANGUAGES.map((v) => ({ value: v, label: LANGUAGE_NAMES[v] })),
                  ]}
                  value={language}
                  onChange={setLanguage}
                />
                <Checkbox label={t("settings.emoji")} checked={emoji} onChange={setEmoji} />
                {emoji && <input type="hidden" name="emoji" value="on" />}
                <Button submit variant="primary" loading={navigation.state === "submitting"}>
                  {t("settings.save")}
                </Button>
              </FormLayout>
            </Form>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("settings.account")}>
          <Card>
            <BlockStack gap="200">
              <Text as="p">{t("settings.account.shop", { name: shopName })}</Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("settings.link")} description={t("settings.link.help")}>
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="link" />
              <FormLayout>
                {result?.ok && result.linked && (
                  <Banner tone="success" title={t("settings.link.done")} />
                )}
                <TextField
                  label={t("settings.link.code")}
                  name="code"
                  value={code}
                  onChange={setCode}
                  autoComplete="off"
                  placeholder="ABCD-EFGH"
                />
                <Button submit disabled={code.trim().length < 4}>
                  {t("settings.link.submit")}
                </Button>
              </FormLayout>
            </Form>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = ProblemBoundary;
