/**
 * The mechanics of secrets the engine shows once (API keys, site tokens): a list, a name to
 * create one with, the new secret kept on screen until it is revoked or the page is left, and
 * a revoke behind a confirmation. The caller says how to list, create and revoke.
 */
export function useRevocableSecrets<T extends { id: string }>(options: {
  list: () => Promise<T[]>;
  /** Creates one named `name`: its id and the secret, shown this once. */
  create: (name: string) => Promise<{ id: string; secret: string }>;
  revoke: (id: string) => Promise<void>;
  /** The question the confirmation asks, and its button. */
  confirmRevoke: (item: T) => { message: string; accept: string };
  immediate?: boolean;
}) {
  const { t } = useI18n();
  const confirm = useConfirm();
  const action = useAction();
  const items = useLoader(options.list, { immediate: options.immediate });
  const name = ref("");
  const created = ref<{ id: string; secret: string } | null>(null);

  async function create() {
    const wanted = name.value.trim();
    if (!wanted) return;
    await action.run(async () => {
      created.value = await options.create(wanted);
      name.value = "";
      await items.reload();
    });
  }

  function revoke(item: T) {
    const { message, accept } = options.confirmRevoke(item);
    confirm.require({
      message,
      header: t("common.confirm"),
      rejectProps: { label: t("common.cancel"), severity: "secondary", outlined: true },
      acceptProps: { label: accept, severity: "danger" },
      accept: async () => {
        await action.run(async () => {
          await options.revoke(item.id);
          if (created.value?.id === item.id) created.value = null;
          await items.reload();
        });
      },
    });
  }

  return { items, name, created, busy: action.busy, create, revoke };
}
