import type { InputType } from 'storybook/internal/types'

/**
 * The `theme` control of every story. Typed as an enum so that Storybook also takes it from
 * the URL (`iframe.html?id=…&args=theme:dark`, as `npm run screenshots` does): URL args are
 * kept only when their type is known.
 */
export const themeArgType: InputType = {
  control: 'inline-radio',
  options: ['light', 'dark', 'auto'],
  type: { name: 'enum', value: ['light', 'dark', 'auto'] },
}
