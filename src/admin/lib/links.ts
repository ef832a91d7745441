/** The id of the variant page's "Digital delivery" card: `#digital-files` in a link scrolls to it. */
export const VARIANT_FILES_ANCHOR = "digital-files"

/** The variant page, scrolled to its "Digital delivery" card (where its files are added). */
export const variantFilesPath = (productId: string, variantId: string) =>
  `/products/${productId}/variants/${variantId}#${VARIANT_FILES_ANCHOR}`
