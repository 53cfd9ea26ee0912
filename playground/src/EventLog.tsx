import { useEffect, useState } from 'react'
import type { AuthEvent } from 'latchkey'
import { useAuthClient } from 'latchkey/react'

interface Entry {
  id: number
  at: number
  event: AuthEvent
}

const describe = (event: AuthEvent) => (event.type === 'SIGNED_OUT' ? `SIGNED_OUT (${event.reason})` : event.type)

/** The engine's `onAuthStateChange` events, newest first, to watch refreshes happen. */
export function EventLog() {
  const client = useAuthClient()
  const [entries, setEntries] = useState<Entry[]>([])
  useEffect(() => {
    let id = 0
    return client.onAuthStateChange((event) => {
      const entry = { id: ++id, at: Date.now(), event }
      setEntries((previous) => [entry, ...previous].slice(0, 12))
    })
  }, [client])

  return (
    <section className="playground-card">
      <h2>Auth events</h2>
      {entries.length === 0 ? (
        <p className="playground-muted">None yet.</p>
      ) : (
        <ol className="playground-log" data-testid="event-log">
          {entries.map((entry) => (
            <li key={entry.id}>
              <time>{new Date(entry.at).toLocaleTimeString()}</time> {describe(entry.event)}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
