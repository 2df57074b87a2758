// The toolbar badge: green when the engine holds a working session, red when it does not,
// grey when the extension is not paired.

export type BadgeState = "connected" | "broken" | "unpaired";

export const BADGE: Record<BadgeState, { text: string; color: string }> = {
  connected: { text: "✓", color: "#1a7f37" },
  broken: { text: "!", color: "#cf222e" },
  unpaired: { text: "–", color: "#8c959f" },
};

export interface BadgeSink {
  show(state: BadgeState, title: string): Promise<void>;
}
