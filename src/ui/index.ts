'use client'

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

// --- wallets (issue 4, wallet-client) -------------------------------------------------
/** {@inheritDoc WalletMismatchPrompt} */
export { WalletMismatchPrompt } from './WalletMismatchPrompt.js'
export type { WalletMismatchPromptProps } from './WalletMismatchPrompt.js'

// --- session expiry and sessions (issue 3, session-ui) ---------------------------------
/** {@inheritDoc AccountMenu} */
export { AccountMenu } from './AccountMenu.js'
export type { AccountMenuProps } from './AccountMenu.js'
/** {@inheritDoc SessionTimeoutWarning} */
export { SessionTimeoutWarning } from './SessionTimeoutWarning.js'
export type { SessionTimeoutWarningProps, SignInMethodsProps } from './SessionTimeoutWarning.js'

// --- account menu, custom trigger, appearance (issue 6, ui) ----------------------------
export type { AuthButtonRenderProps } from './AuthButtonTrigger.js'
export type { Appearance, ThemedColor } from './appearance.js'
