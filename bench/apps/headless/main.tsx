// Headless: AuthProvider + useEmailSignIn with the app's own form, no latchkey/ui.
import { createRoot } from 'react-dom/client'
import { AuthProvider, SignedIn, SignedOut, useEmailSignIn, useSignOut, useUser } from 'latchkey/react'

function SignInForm() {
  const flow = useEmailSignIn()
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        const value = String(new FormData(event.currentTarget).get('value') ?? '')
        void (flow.step === 'email' ? flow.start(value) : flow.verify(value))
      }}
    >
      <input name="value" aria-label={flow.step === 'email' ? 'Email' : 'Code'} />
      <button type="submit">{flow.step === 'email' ? 'Send code' : 'Verify'}</button>
      {flow.error && <p role="alert">{flow.error.message}</p>}
    </form>
  )
}

function Account() {
  const user = useUser()
  const { signOut } = useSignOut()
  return (
    <p>
      {user?.email} <button type="button" onClick={() => signOut()}>
        Sign out
      </button>
    </p>
  )
}

createRoot(document.getElementById('root')!).render(
  <AuthProvider baseUrl="/auth">
    <SignedOut>
      <SignInForm />
    </SignedOut>
    <SignedIn>
      <Account />
    </SignedIn>
  </AuthProvider>,
)
