import type { InputHTMLAttributes, ReactNode, RefObject } from 'react'
import type { Messages } from '../core/index.js'

// No imports of code here (messages come in as a prop): this module sits in the `ui-shared`
// chunk (vite.config.ts), and a chunk group takes the modules it imports along.

/** @internal Props of the email and code fields. */
interface FieldProps {
  messages: Messages
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

/** A label and its input; `name` names both the field and its id suffix. */
function Field({
  field: { id, value, onChange, invalid, describedBy, autoFocus, readOnly, inputRef },
  name,
  label,
  clean = (text) => text,
  input,
}: {
  field: FieldProps
  name: string
  label: string
  clean?: (text: string) => string
  input: InputHTMLAttributes<HTMLInputElement>
}): ReactNode {
  return (
    <>
      <label className="latchkey-label" htmlFor={`${id}-${name}`}>
        {label}
      </label>
      <input
        {...input}
        ref={inputRef}
        id={`${id}-${name}`}
        name={name}
        autoFocus={autoFocus}
        readOnly={readOnly}
        value={value}
        onChange={(event) => onChange(clean(event.target.value))}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
    </>
  )
}

/** @internal The email address field of the sign-in and "add an email" forms. */
export function EmailField(props: FieldProps): ReactNode {
  const { messages } = props
  return (
    <Field
      field={props}
      name="email"
      label={messages.emailLabel}
      input={{ className: 'latchkey-input', type: 'email', autoComplete: 'email', placeholder: messages.emailPlaceholder, required: true }}
    />
  )
}

/** @internal The 6-digit code field: digits only, at most six, filled by the OS from the message. */
export function CodeField(props: FieldProps): ReactNode {
  const { messages } = props
  return (
    <Field
      field={props}
      name="code"
      label={messages.codeLabel}
      clean={(text) => text.replace(/\D/g, '').slice(0, 6)}
      input={{
        className: 'latchkey-input latchkey-code-input',
        type: 'text',
        inputMode: 'numeric',
        autoComplete: 'one-time-code',
        pattern: '[0-9]{6}',
        placeholder: messages.codePlaceholder,
      }}
    />
  )
}
