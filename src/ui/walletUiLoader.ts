import { lazy } from 'react'

/**
 * @internal The wallet UI (walletUi.tsx) as lazy components. `import()` keeps it in its own
 * chunk, so an app without wallet adapters never downloads it; an app with some preloads it
 * (`preloadWalletUi`) when its `LoginModal` mounts, so it is there before anyone clicks.
 */
const load = () => import('./walletUi.js')
let loading: ReturnType<typeof load> | undefined
export const preloadWalletUi = (): ReturnType<typeof load> => (loading ??= load())

export const WalletMethods = lazy(() => preloadWalletUi().then((module) => ({ default: module.WalletMethods })))
export const WalletStepBody = lazy(() => preloadWalletUi().then((module) => ({ default: module.WalletStepBody })))
export const WalletMismatchDialog = lazy(() => preloadWalletUi().then((module) => ({ default: module.WalletMismatchDialog })))
