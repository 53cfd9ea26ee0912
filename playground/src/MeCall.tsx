import { useState } from 'react'
import { useAuthClient } from 'latchkey/react'

type Result = { status: 'idle' } | { status: 'pending' } | { status: 'done'; text: string }

/**
 * Calls `GET /auth/me` through `client.fetch`, the way an app calls its own API:
 * the access token is attached (and refreshed first when due) by the engine.
 */
export function MeCall() {
  const client = useAuthClient()
  const [result, setResult] = useState<Result>({ status: 'idle' })

  const call = async () => {
    setResult({ status: 'pending' })
    try {
      const response = await client.fetch('/auth/me')
      const body: unknown = await response.json()
      setResult({ status: 'done', text: `${response.status} ${JSON.stringify(body, null, 2)}` })
    } catch (error) {
      setResult({ status: 'done', text: String(error) })
    }
  }

  return (
    <div className="playground-me">
      <button type="button" onClick={() => void call()} disabled={result.status === 'pending'}>
        Call GET /auth/me with client.fetch
      </button>
      {result.status === 'done' && <pre data-testid="me-result">{result.text}</pre>}
    </div>
  )
}
