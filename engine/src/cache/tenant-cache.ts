/** Taken before the database is read; a value read after it is stored only if still current. */
export interface Ticket {
  readonly tenantId: number;
  readonly generation: number;
  readonly epoch: number;
}

interface Entry<V> {
  tenantId: number;
  value: V;
  bytes: number;
}

/**
 * Values of one process, per tenant, dropped when the tenant's data changes. A reader takes a
 * `ticket()` before it reads the database and stores what it read with `set(ticket, ...)`: the
 * value is kept only if nothing was invalidated for that tenant (nor flushed) since the ticket,
 * so a read that began before a write and ends after that write's invalidation never stores
 * the old data. Least recently used entries go first once `maxBytes` is reached.
 */
export class TenantCache<V> {
  // Tenant -> generation of its last invalidation, from one counter that only grows, so that a
  // generation never comes back (an entry removed and re-added would let an old ticket pass).
  #generations = new Map<number, number>();
  #counter = 0;
  #epoch = 0;
  #entries = new Map<string, Entry<V>>(); // insertion order = least recently used first
  #keysByTenant = new Map<number, Set<string>>();
  #bytes = 0;

  readonly #maxBytes: number;
  readonly #sizeOf: (value: V) => number;

  constructor(maxBytes: number, sizeOf: (value: V) => number) {
    this.#maxBytes = maxBytes;
    this.#sizeOf = sizeOf;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  ticket(tenantId: number): Ticket {
    return { tenantId, generation: this.#generations.get(tenantId) ?? 0, epoch: this.#epoch };
  }

  get(tenantId: number, key: string): V | undefined {
    const id = `${tenantId}\n${key}`;
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#entries.delete(id); // most recently used now
    this.#entries.set(id, entry);
    return entry.value;
  }

  /** Stores `value` unless the tenant changed (or the cache was flushed) since `ticket`. */
  set(ticket: Ticket, key: string, value: V): boolean {
    const { tenantId } = ticket;
    if (ticket.epoch !== this.#epoch) return false;
    if (ticket.generation !== (this.#generations.get(tenantId) ?? 0)) return false;
    const bytes = this.#sizeOf(value) + key.length * 2 + 64;
    if (bytes > this.#maxBytes) return false;
    const id = `${tenantId}\n${key}`;
    this.#remove(id);
    this.#entries.set(id, { tenantId, value, bytes });
    const keys = this.#keysByTenant.get(tenantId) ?? new Set<string>();
    this.#keysByTenant.set(tenantId, keys.add(id));
    this.#bytes += bytes;
    for (const oldest of this.#entries.keys()) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#remove(oldest);
    }
    return true;
  }

  /** The tenant's data changed: its entries go, and fills begun before now are not stored. */
  invalidate(tenantId: number): void {
    this.#generations.set(tenantId, ++this.#counter);
    for (const id of this.#keysByTenant.get(tenantId) ?? []) this.#remove(id);
  }

  /** Everything goes, and fills begun before now are not stored. */
  clear(): void {
    this.#epoch++;
    this.#entries.clear();
    this.#keysByTenant.clear();
    this.#bytes = 0;
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#bytes -= entry.bytes;
    const keys = this.#keysByTenant.get(entry.tenantId);
    keys?.delete(id);
    if (keys?.size === 0) this.#keysByTenant.delete(entry.tenantId);
  }
}
