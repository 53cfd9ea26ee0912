// + Solana: the email-only app with Solana wallets registered (latchkey/solana over the
// Wallet Standard: discovery, solana:signIn or solana:signMessage). No EVM code.
import { useState } from 'react'
import { createRoot } from 'react-dom/client'
import { solanaWallets } from 'latchkey/solana'
import { AuthProvider, SignedIn, SignedOut, useUser } from 'latchkey/react'
import { AuthButton, LoginModal } from 'latchkey/ui'
import 'latchkey/styles.css'

const wallets = [solanaWallets()]

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
