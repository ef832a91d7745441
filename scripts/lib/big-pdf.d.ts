/** Types of big-pdf.js (a large test PDF written straight to disk: stamping tests and bench). */
export declare function writeBigPdf(
  file: string,
  options?: { pages?: number; bytes?: number; images?: number; encrypted?: boolean }
): { size: number; pages: number }
