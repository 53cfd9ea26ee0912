import { Suspense } from 'react'
import type { ReactNode } from 'react'
import { useAuthClient, useWalletMismatch } from '../react/index.js'
import type { Theme } from './theme.js'
import { WalletMismatchDialog } from './walletUiLoader.js'

/** Props of `WalletMismatchPrompt`. */
export interface WalletMismatchPromptProps {
  theme?: Theme | undefined
  /** Where the dialog is portalled (default `document.body`). */
  container?: HTMLElement | null | undefined
}

/**
 * Asks what to do when the wallet switched to an account that is not the signed-in
 * user's (`onWalletMismatch: 'prompt'`, the default): sign in with the new account, or
 * keep the current session (and switch back in the wallet). Closes by itself when the
 * wallet switches back. `AuthButton` renders it; render it yourself in a headless app.
 *
 * @example
 * <WalletMismatchPrompt />
 */
export function WalletMismatchPrompt({ theme = 'auto', container }: WalletMismatchPromptProps): ReactNode {
  const client = useAuthClient()
  const mismatch = useWalletMismatch()
  if (mismatch === null || client.options.onWalletMismatch !== 'prompt') return null
  return (
    <Suspense fallback={null}>
      <WalletMismatchDialog mismatch={mismatch} theme={theme} container={container} />
    </Suspense>
  )
}
