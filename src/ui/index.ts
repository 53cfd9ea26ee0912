/**
 * `latchkey/ui`: ready-made components built only from `latchkey/react`'s public hooks.
 * Style them with `latchkey/styles.css` (CSS variables, light and dark) or your own CSS;
 * they work unstyled.
 */

/** {@inheritDoc AuthButton} */
export { AuthButton } from './AuthButton.js'
export type { AuthButtonProps } from './AuthButton.js'
/** {@inheritDoc EmailSignInForm} */
export { EmailSignInForm } from './EmailSignInForm.js'
export type { EmailSignInFormProps } from './EmailSignInForm.js'
/** {@inheritDoc LoginModal} */
export { LoginModal } from './LoginModal.js'
export type { LoginModalProps } from './LoginModal.js'
export type { Theme } from './theme.js'
