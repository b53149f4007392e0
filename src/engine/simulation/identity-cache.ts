/**
 * A cache by key identity for keys that may be made per Monte Carlo path (scenario objects and
 * their lists). A new entry is held strongly among the last few set; once it is read (its key
 * outlived the call that set it, e.g. a part shared by paths) it moves to a WeakMap. V8's
 * scavenger keeps a WeakMap entry's value alive until a full GC whether its key lives or not, so
 * one WeakMap entry per path had each path's values (prepared arrays, registrations) copied at
 * the scavenges and promoted to old space, to be collected much later.
 */
export class IdentityCache<K extends object, V> {
  private readonly shared = new WeakMap<K, V>();
  private readonly recentKeys: (K | undefined)[];
  private readonly recentValues: (V | undefined)[];
  /** The slot of recentKeys the next new entry takes (the oldest). */
  private next = 0;

  constructor(recent: number) {
    this.recentKeys = new Array<K | undefined>(recent).fill(undefined);
    this.recentValues = new Array<V | undefined>(recent).fill(undefined);
  }

  get(key: K): V | undefined {
    const value = this.shared.get(key);
    if (value !== undefined) return value;
    const i = this.recentKeys.indexOf(key);
    if (i < 0) return undefined;
    const recent = this.recentValues[i]!;
    this.recentKeys[i] = undefined;
    this.recentValues[i] = undefined;
    this.shared.set(key, recent);
    return recent;
  }

  set(key: K, value: V): void {
    if (this.shared.has(key)) {
      this.shared.set(key, value);
      return;
    }
    let i = this.recentKeys.indexOf(key);
    if (i < 0) {
      i = this.next;
      this.next = (i + 1) % this.recentKeys.length;
    }
    this.recentKeys[i] = key;
    this.recentValues[i] = value;
  }
}
