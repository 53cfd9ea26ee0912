import type { ReactNode, RefObject } from 'react'
import { useMessages } from '../react/index.js'

/** @internal Props shared by the email and code fields. */
interface FieldProps {
  /** The form's `useId()`: the input is `${id}-email` / `${id}-code`. */
  id: string
  value: string
  onChange(value: string): void
  /** The input is invalid (`aria-invalid`). */
  invalid: boolean
  /** Ids of the elements that describe the input (`aria-describedby`), if any. */
  describedBy?: string | undefined
  autoFocus?: boolean | undefined
  readOnly?: boolean | undefined
  inputRef?: RefObject<HTMLInputElement | null> | undefined
}

/** @internal The email address field of the sign-in and "add an email" forms. */
export function EmailField({ id, value, onChange, invalid, describedBy, autoFocus, readOnly, inputRef }: FieldProps): ReactNode {
  const messages = useMessages()
  return (
    <>
      <label className="latchkey-label" htmlFor={`${id}-email`}>
        {messages.emailLabel}
      </label>
      <input
        ref={inputRef}
        className="latchkey-input"
        id={`${id}-email`}
        name="email"
        type="email"
        autoComplete="email"
        placeholder={messages.emailPlaceholder}
        required
        autoFocus={autoFocus}
        readOnly={readOnly}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
    </>
  )
}

/** @internal The 6-digit code field: digits only, at most six, filled by the OS from the message. */
export function CodeField({ id, value, onChange, invalid, describedBy, autoFocus, readOnly, inputRef }: FieldProps): ReactNode {
  const messages = useMessages()
  return (
    <>
      <label className="latchkey-label" htmlFor={`${id}-code`}>
        {messages.codeLabel}
      </label>
      <input
        ref={inputRef}
        className="latchkey-input latchkey-code-input"
        id={`${id}-code`}
        name="code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        placeholder={messages.codePlaceholder}
        autoFocus={autoFocus}
        readOnly={readOnly}
        value={value}
        onChange={(event) => onChange(event.target.value.replace(/\D/g, '').slice(0, 6))}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
    </>
  )
}
