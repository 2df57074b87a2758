// Shopify's calculated-cost rate limit: a leaky bucket of points per app per shop. A query
// is charged its requested cost up front, refunded down to its actual cost afterwards.

export interface ThrottleSettings {
  maximumAvailable: number;
  restoreRate: number; // points per second
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class CostBucket {
  settings: ThrottleSettings;
  private available: number;
  private at = Date.now();

  constructor(settings: ThrottleSettings) {
    this.settings = { ...settings };
    this.available = settings.maximumAvailable;
  }

  configure(settings: ThrottleSettings): void {
    this.settings = { ...settings };
    this.available = Math.min(this.available, settings.maximumAvailable);
  }

  private refill(): void {
    const now = Date.now();
    this.available = Math.min(
      this.settings.maximumAvailable,
      this.available + ((now - this.at) / 1000) * this.settings.restoreRate,
    );
    this.at = now;
  }

  /** Takes `cost` points, or nothing and false when the bucket holds fewer. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.settings.maximumAvailable, this.available + points);
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.settings.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.settings.restoreRate,
    };
  }
}
