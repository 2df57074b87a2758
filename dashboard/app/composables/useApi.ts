import type { StoflowClient } from "@stoflow/client";

export const useApi = (): StoflowClient => useNuxtApp().$api as StoflowClient;
