// What the Admin browser scenarios do on a page again and again: wait for a toast,
// let an animation settle, pick an item from a row's "…" menu.

/** The helpers bound to one Playwright page. */
export function pageHelpers(page) {
  return {
    /** Waits for the (last) toast that says `text`. */
    toast: (text) => page.locator("[data-sonner-toast]", { hasText: text }).last().waitFor({ timeout: 30_000 }),
    /** Lets a drawer's or a menu's animation end before a screenshot or a measure. */
    settle: () => page.waitForTimeout(600),
    /** Opens a row's "…" menu and picks an item (a menu may need a second click right after a toast). */
    rowAction: async (row, trigger, item) => {
      for (let attempt = 0; attempt < 4; attempt++) {
        await page.keyboard.press("Escape")
        await row.getByTestId(trigger).click({ timeout: 10_000 })
        if (await page.getByTestId(item).waitFor({ timeout: 2000 }).then(() => true, () => false)) break
      }
      await page.getByTestId(item).click()
    },
  }
}
