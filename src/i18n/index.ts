/**
 * Everything a buyer reads in their language: the locale picker, number and
 * date formats, counted phrases (plural rules), and the strings of the hosted
 * pages, the refusals and the delivery email. A new language is a new entry in
 * LOCALES and in each table.
 */
export * from "./locale"
export * from "./format"
export * from "./plural"
export * from "./counts"
export * from "./denials"
export * from "./pages"
export * from "./emails"
export * from "./updates"
export * from "./licenses"
