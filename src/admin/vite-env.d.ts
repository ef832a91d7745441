/// <reference types="vite/client" />

/** The Medusa server URL, defined by the admin's Vite config ("/" or empty = same origin). */
declare const __BACKEND_URL__: string | undefined
