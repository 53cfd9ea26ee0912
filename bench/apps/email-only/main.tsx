// Email only: AuthProvider + AuthButton + LoginModal (the issue-2 app). No wallet code.
import { useState } from 'react'
import { createRoot } from 'react-dom/client'
import { AuthProvider, SignedIn, SignedOut, useUser } from 'latchkey/react'
import { AuthButton, LoginModal } from 'latchkey/ui'
import 'latchkey/styles.css'

function Greeting() {
  const user = useUser()
  return <p>Hello {user?.email}</p>
}

function App() {
  const [open, setOpen] = useState(false)
  return (
    <AuthProvider baseUrl="/auth">
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
