import { createContext, useContext } from 'react'
import type { CSSProperties } from 'react'

/** A colour for both themes, or one per theme (`light-dark()`, so `auto` follows the system). */
export type ThemedColor = string | { light: string; dark: string }

/**
 * Make the components look like your product without writing CSS: each option sets one of
 * `latchkey/styles.css`'s `--latchkey-*` variables on the component and on the dialogs it
 * opens. For anything else, override the variables in your CSS. Pick an `accentForeground`
 * that keeps a 4.5:1 contrast on `accent` (the axe checks in Storybook use the defaults).
 */
export interface Appearance {
  /** Buttons, links and the focus ring (`--latchkey-accent`); the hover shade is derived. */
  accent?: ThemedColor | undefined
  /** Text on accent buttons (`--latchkey-accent-foreground`). */
  accentForeground?: ThemedColor | undefined
  /** Corner radius of dialogs (`--latchkey-radius`); buttons and fields get 60% of it. A number is px. */
  radius?: number | string | undefined
  /** The font stack (`--latchkey-font`). */
  font?: string | undefined
}

/** @internal The appearance of the nearest `AuthButton` (or other component) that was given one. */
export const AppearanceContext = createContext<Appearance | undefined>(undefined)

const color = (value: ThemedColor) => (typeof value === 'string' ? value : `light-dark(${value.light}, ${value.dark})`)

/** @internal An element's own `appearance`, else the one it inherits from the component that opened it. */
export function useAppearance(own: Appearance | undefined): Appearance | undefined {
  const inherited = useContext(AppearanceContext)
  return own ?? inherited
}

/**
 * @internal The inline `style` carrying `appearance` as CSS variables (inline, so it wins over the
 * stylesheet's zero-specificity defaults on the same element). `undefined` when there is nothing.
 */
export function appearanceStyle(appearance: Appearance | undefined): CSSProperties | undefined {
  if (appearance === undefined) return undefined
  const style: Record<string, string> = {}
  if (appearance.accent !== undefined) {
    style['--latchkey-accent'] = color(appearance.accent)
    // Toward the text colour: darker on light backgrounds, lighter on dark ones.
    style['--latchkey-accent-hover'] = 'color-mix(in srgb, var(--latchkey-accent) 82%, var(--latchkey-foreground))'
    style['--latchkey-focus-ring'] = 'var(--latchkey-accent)'
  }
  if (appearance.accentForeground !== undefined) style['--latchkey-accent-foreground'] = color(appearance.accentForeground)
  if (appearance.radius !== undefined) {
    const radius = typeof appearance.radius === 'number' ? `${appearance.radius}px` : appearance.radius
    style['--latchkey-radius'] = radius
    style['--latchkey-radius-small'] = `calc(${radius} * 0.6)`
  }
  if (appearance.font !== undefined) style['--latchkey-font'] = appearance.font
  return Object.keys(style).length === 0 ? undefined : (style as CSSProperties)
}
