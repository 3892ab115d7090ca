/** A FIFO with O(1) shift whose consumed slots are released at once (items must not be undefined). */
export class ItemQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  /** Items waiting. */
  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The first item, left in place. */
  peek(): T | undefined {
    return this.items[this.head];
  }

  /** Removes and returns the first item. */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    // Drop the reference at once: consumed items must not live on (and be promoted) until the array is sliced.
    this.items[this.head] = undefined;
    this.head += 1;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
