/**
 * Which colour theme a component draws with, as its `data-latchkey-theme` attribute:
 * `light`, `dark`, or `auto` (follows the system's `prefers-color-scheme`).
 * Only takes effect with `latchkey/styles.css` loaded.
 */
export type Theme = 'light' | 'dark' | 'auto'
