import { useId } from 'react';

/** The rule a new password must meet, shown as text under the field (not only as the browser's tooltip). */
export const PASSWORD_RULE = 'At least 8 characters (at most 72 bytes: longer ones would be cut when checked).';

/** A new password's field with its rule under it, tied to it for screen readers. */
export function NewPasswordField({
  id,
  label = 'Password',
  value,
  onChange,
}: {
  id?: string;
  label?: string;
  value: string;
  onChange(value: string): void;
}) {
  const own = useId();
  const inputId = id ?? own;
  const helpId = `${inputId}-rule`;
  return (
    <>
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        aria-describedby={helpId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={helpId} className="help" data-testid="password-rule">
        {PASSWORD_RULE}
      </p>
    </>
  );
}
