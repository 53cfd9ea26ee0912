import { useState } from 'react'
import { errorMessage } from 'latchkey'
import {
  SignedIn,
  useAuthClient,
  useAuthState,
  useDisconnectWallet,
  useLinkEmail,
  useLinkWallet,
  useMessages,
  useUserWallets,
  useVisitor,
  useWalletSignIn,
} from 'latchkey/react'

/** Wallets in the playground: visitor mode, linking a wallet or an email, disconnecting. Built on the public hooks. */
export function WalletPanel() {
  const client = useAuthClient()
  const messages = useMessages()
  const status = useAuthState((state) => state.status)
  const visitor = useVisitor()
  const signIn = useWalletSignIn()
  const { disconnect } = useDisconnectWallet()
  const [connectError, setConnectError] = useState<string | null>(null)
  if (client.wallets.length === 0) return null
  const shownError = connectError ?? (signIn.error ? errorMessage(messages, signIn.error) : null)
  return (
    <section className="playground-card" data-testid="wallet-panel">
      <h2>Wallets</h2>
      <p className="playground-muted">
        Mode <code>{client.options.mode}</code>, on account switch <code>{client.options.onWalletMismatch}</code> (try{' '}
        <code>?mode=connect-only</code>, <code>?walletMismatch=signOut</code>, <code>?solanaSignIn=off</code> for a Solana wallet that only
        signs messages). The Dev wallet is <code>window.devWallet</code>, the Dev Solana wallet <code>window.devSolanaWallet</code>.
      </p>
      {visitor ? (
        <p>
          Visitor: <code data-testid="visitor-address">{visitor.address}</code> (connected, nothing signed){' '}
          <button type="button" onClick={() => void signIn.signIn({ walletId: visitor.walletId })} disabled={signIn.pending}>
            Sign in with this wallet
          </button>
        </p>
      ) : null}
      {status === 'unauthenticated' && client.options.mode === 'connect-only' ? (
        <button
          type="button"
          onClick={() => {
            setConnectError(null)
            client.connectWallet().catch((error: unknown) => setConnectError(errorMessage(messages, error)))
          }}
        >
          Connect wallet
        </button>
      ) : null}
      {status === 'unauthenticated' && client.options.mode === 'connect-only' && client.wallets.some((adapter) => adapter.chain === 'solana') ? (
        <button
          type="button"
          onClick={() => {
            setConnectError(null)
            client.connectWallet({ chain: 'solana' }).catch((error: unknown) => setConnectError(errorMessage(messages, error)))
          }}
        >
          Connect Solana wallet
        </button>
      ) : null}
      {shownError ? <p role="alert">{shownError}</p> : null}
      <SignedIn>
        <LinkControls />
      </SignedIn>
      {status === 'visitor' || status === 'authenticated' ? (
        <button type="button" onClick={() => disconnect()}>
          {messages.disconnectWallet}
        </button>
      ) : null}
    </section>
  )
}

function LinkControls() {
  const messages = useMessages()
  const wallets = useUserWallets()
  const linkWallet = useLinkWallet()
  const linkEmail = useLinkEmail()
  const [value, setValue] = useState('')
  return (
    <div>
      <p>
        Wallets: <span data-testid="user-wallets">{wallets.map((wallet) => wallet.address).join(', ') || 'none'}</span>
      </p>
      <button type="button" onClick={() => void linkWallet.link()} disabled={linkWallet.pending}>
        Link the connected wallet account
      </button>{' '}
      <button type="button" onClick={() => void linkWallet.link({ chain: 'evm' })} disabled={linkWallet.pending}>
        Link an EVM wallet
      </button>{' '}
      <button type="button" onClick={() => void linkWallet.link({ chain: 'solana' })} disabled={linkWallet.pending}>
        Link a Solana wallet
      </button>
      {linkWallet.error ? (
        <p role="alert" data-testid="link-error" data-code={linkWallet.error.code}>
          {errorMessage(messages, linkWallet.error)}
        </p>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void (linkEmail.step === 'email' ? linkEmail.start(value) : linkEmail.verify(value)).then(() => setValue(''))
        }}
      >
        <label>
          {linkEmail.step === 'code' ? `Code sent to ${linkEmail.email}` : 'Link an email'}{' '}
          <input name="link-email" value={value} onChange={(event) => setValue(event.target.value)} disabled={linkEmail.step === 'done'} />
        </label>{' '}
        <button type="submit" disabled={linkEmail.pending || linkEmail.step === 'done'}>
          {linkEmail.step === 'code' ? 'Verify' : linkEmail.step === 'done' ? 'Linked' : 'Send code'}
        </button>
        {linkEmail.error ? (
          <p role="alert" data-testid="link-email-error" data-code={linkEmail.error.code}>
            {errorMessage(messages, linkEmail.error)}
          </p>
        ) : null}
      </form>
    </div>
  )
}
