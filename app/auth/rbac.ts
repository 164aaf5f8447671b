/**
 * Role → permission sets (POL-R-001), loaded from the database (roles, role_permissions)
 * through an injected loader, cached and refreshed periodically so authorization needs no
 * query per request. Default deny: unknown roles, empty permission lists and a cache that
 * never loaded all refuse.
 */
import type { Logger } from '../telemetry/logger.js';

export type PermissionMatrix = Readonly<Record<string, readonly string[]>>;
export type PermissionLoader = () => Promise<PermissionMatrix>;

export interface PermissionCacheOptions {
  /** How often to reload the matrix; 0 disables the timer (reload() still works). */
  refreshMs: number;
  logger: Logger;
}

export class PermissionCache {
  private matrix: Map<string, ReadonlySet<string>> | undefined;
  private loading: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly loader: PermissionLoader,
    private readonly options: PermissionCacheOptions,
  ) {}

  /** Loads now and starts the refresh timer (unref'd: it never holds the process open). */
  async start(): Promise<void> {
    await this.reload();
    if (this.options.refreshMs > 0 && !this.timer) {
      this.timer = setInterval(() => void this.reload().catch(() => {}), this.options.refreshMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A failed reload keeps the last good matrix (logged); a first failed load throws. */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const loaded = await this.loader();
        this.matrix = new Map(
          Object.entries(loaded).map(([role, perms]) => [role, new Set(perms)]),
        );
      } catch (err) {
        this.options.logger.error(
          { err: (err as Error).message, stale: !!this.matrix },
          'permission matrix reload failed',
        );
        if (!this.matrix) throw err;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** Synchronous check against the cached matrix; false when not loaded. */
  allowsLoaded(role: string, permissions: readonly string[]): boolean {
    const granted = this.matrix?.get(role);
    return !!granted && permissions.length > 0 && permissions.some((p) => granted.has(p));
  }

  /** Any one of `permissions` suffices (the route table's contract). */
  async allows(role: string, permissions: readonly string[]): Promise<boolean> {
    if (!this.matrix) {
      try {
        await this.reload();
      } catch {
        return false;
      }
    }
    return this.allowsLoaded(role, permissions);
  }

  permissionsOf(role: string): string[] {
    return [...(this.matrix?.get(role) ?? [])].sort();
  }
}
