import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createAuthClient } from 'latchkey'
import { AuthProvider } from 'latchkey/react'
import 'latchkey/styles.css'
import './playground.css'
import { App } from './App.js'

// One client for the page; the Vite plugin serves the auth routes on the same origin.
const client = createAuthClient({ baseUrl: '/auth', storage: 'app' })

const root = document.getElementById('root')
if (!root) throw new Error('playground: #root is missing from index.html')

createRoot(root).render(
  <StrictMode>
    <AuthProvider client={client}>
      <App />
    </AuthProvider>
  </StrictMode>,
)
