// + EVM: the email-only app with EVM wallets registered (latchkey/evm over wagmi and viem,
// the default config: injected + EIP-6963 discovery). No Solana code.
import { useState } from 'react'
import { createRoot } from 'react-dom/client'
import { evmWallets } from 'latchkey/evm'
import { AuthProvider, SignedIn, SignedOut, useUser } from 'latchkey/react'
import { AuthButton, LoginModal } from 'latchkey/ui'
import 'latchkey/styles.css'

const wallets = [evmWallets()]

function Greeting() {
  const user = useUser()
  return <p>Hello {user?.email ?? user?.verifiedCredentials[0]?.address}</p>
}

function App() {
  const [open, setOpen] = useState(false)
  return (
    <AuthProvider baseUrl="/auth" wallets={wallets}>
      <header>
        <AuthButton />
      </header>
      <SignedIn>
        <Greeting />
      </SignedIn>
      <SignedOut>
        <button type="button" onClick={() => setOpen(true)}>
          Get started
        </button>
        <LoginModal open={open} onOpenChange={setOpen} />
      </SignedOut>
    </AuthProvider>
  )
}

createRoot(document.getElementById('root')!).render(<App />)
