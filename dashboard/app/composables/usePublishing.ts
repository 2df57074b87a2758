import { expectData } from "~/lib/api-problem";

/**
 * Publishing on Vinted: one listing per connected Vinted account. With a single account (or
 * none, where the engine says what to do) the engine picks it, in one call for all products;
 * with several, each product goes to each account.
 */
export function usePublishing() {
  const api = useApi();

  async function vintedAccounts(): Promise<string[]> {
    const { channelAccounts } = expectData(await api.GET("/api/v1/channel-accounts"));
    return channelAccounts
      .filter((a) => a.platform === "vinted" && a.status !== "disconnected")
      .map((a) => a.id);
  }

  async function publish(productIds: string[]): Promise<void> {
    const accounts = await vintedAccounts();
    if (accounts.length <= 1) {
      expectData(
        await api.POST("/api/v1/products/publish", { body: { productIds, platforms: ["vinted"] } }),
      );
      return;
    }
    for (const id of productIds) {
      for (const channelAccountId of accounts) {
        expectData(
          await api.POST("/api/v1/products/{id}/publish", {
            params: { path: { id } },
            body: { platforms: ["vinted"], channelAccountId },
          }),
        );
      }
    }
  }

  return { publish };
}
