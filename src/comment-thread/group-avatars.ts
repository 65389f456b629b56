import { isServer } from 'lit';

/**
 * Where the browser skips the rendering of off-screen groups of conversations (see
 * list-groups.ts): Blink, which has scroll anchoring (WebKit has none; Gecko's loses the place
 * beside skipped content, `-moz-orient` tells it). The styles' `@supports` condition, written
 * there too (interpolated, it would keep the styles from being minified); a test holds them equal.
 */
export const SKIPS_GROUPS = '(overflow-anchor: auto) and (not (-moz-orient: inline))';

let skips: boolean | undefined;
/** Whether this browser skips off-screen groups (never on a server). */
export const groupsSkip = (): boolean => (skips ??= !isServer && CSS.supports(SKIPS_GROUPS));

/**
 * Avatars in groups the browser may skip are described without their address (`data-src`) and
 * given it when their group is first shown. A lazy image waiting to load is a target of the
 * browser's lazy-load observer, whose distance to the viewport is checked on every frame that
 * scrolls: 10,000 of them, once find-in-page has laid the groups out, cost more than the
 * scrolling itself. An image with no address is not a target. The first group is never skipped:
 * its avatars get their address as they are rendered. Where groups are not skipped (Firefox,
 * WebKit, a server's markup), avatars are lazy images with their address from the start.
 */
export class GroupAvatars {
  /** The groups on screen or near it (the first group is never skipped, so never here). */
  #shown = new Set<Element>();

  /** Follows the groups of `list` (the thread's `<ol part="list">`, new). */
  follow(list: Element): void {
    // The event does not bubble: caught on its way down to the group.
    list.addEventListener('contentvisibilityautostatechange', this.#changed, true);
  }

  /**
   * After a render: the avatars of the first group and of the groups shown get their address
   * (those of a conversation described again, or new in them). Groups no longer in `list` are
   * forgotten. Only the shown groups are looked into, not every group of a long thread.
   */
  update(list: Element): void {
    if (list.firstElementChild) load(list.firstElementChild);
    for (const group of this.#shown) {
      if (group.parentNode === list) load(group);
      else this.#shown.delete(group);
    }
  }

  #changed = (event: Event): void => {
    const group = event.target as Element;
    if (group.parentNode !== event.currentTarget) return;
    if ((event as Event & { skipped?: boolean }).skipped) this.#shown.delete(group);
    else {
      this.#shown.add(group);
      load(group);
    }
  };
}

/** Gives each deferred avatar in `group` its address (again, if its author's changed). */
function load(group: Element): void {
  for (const image of group.querySelectorAll<HTMLImageElement>('img[data-src]')) {
    const src = image.dataset.src!;
    if (image.getAttribute('src') !== src) image.setAttribute('src', src);
  }
}
