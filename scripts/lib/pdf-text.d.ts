import type { PDFDocument, PDFPage } from "pdf-lib"

/** Types of pdf-text.js (the strings a PDF page draws with the standard fonts: stamping tests, the demo's test). */
export declare function pageText(doc: PDFDocument, page: PDFPage): string
export declare function pdfPagesText(bytes: Uint8Array): Promise<string[]>
