// What the popup asks the background script to do.
export type PopupRequest =
  | { type: "pair"; engineUrl: string; code: string }
  | { type: "unpair" }
  | { type: "sync" }
  | { type: "syncSite"; domain: string };
