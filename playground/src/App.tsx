import { useState } from 'react'
import { SignedIn, SignedOut } from 'latchkey/react'
import { AuthButton, SessionTimeoutWarning } from 'latchkey/ui'
import { DevMailbox } from './DevMailbox.js'
import { EventLog } from './EventLog.js'
import { SessionPanel } from './SessionPanel.js'
import { WalletPanel } from './WalletPanel.js'

type Theme = 'light' | 'dark'

export function App() {
  const [theme, setTheme] = useState<Theme>('light')
  return (
    <div className="playground" data-theme={theme}>
      <header className="playground-header">
        <h1>latchkey playground</h1>
        <div className="playground-actions">
          <button
            type="button"
            className="playground-link"
            onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}
          >
            {theme === 'light' ? 'Dark theme' : 'Light theme'}
          </button>
          <AuthButton theme={theme} />
        </div>
      </header>

      <main className="playground-main">
        <SignedOut>
          <section className="playground-card" data-testid="signed-out">
            <h2>You are signed out</h2>
            <p>
              Press <strong>Sign in</strong>, enter any email address, then type the 6-digit code. In
              development no mail leaves this machine: the code is printed in the terminal that runs{' '}
              <code>npm run dev</code> and shown in the dev mailbox panel.
            </p>
          </section>
        </SignedOut>
        <SignedIn>
          <SessionPanel />
        </SignedIn>
        <WalletPanel />
        <EventLog />
        <DevMailbox />
      </main>
      {/* Session expiry (issue 3): warns before the session's absolute end. */}
      <SessionTimeoutWarning theme={theme} />
    </div>
  )
}
