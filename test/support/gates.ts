/**
 * Named gates for deliberately slow handlers: the handler marks its gate entered and waits until the
 * test opens it, so a test knows the request has loaded its session before it acts (e.g. logs out).
 */
export class Gates {
  private readonly entered = new Set<string>();
  private readonly waiting = new Map<string, () => void>();
  private readonly opened = new Set<string>();

  enter(name: string): Promise<void> {
    this.entered.add(name);
    if (this.opened.has(name)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.set(name, resolve));
  }

  hasEntered(name: string): boolean {
    return this.entered.has(name);
  }

  open(name: string): void {
    this.opened.add(name);
    this.waiting.get(name)?.();
    this.waiting.delete(name);
  }
}
