// The person's name where a page asks for one (the annotator, the blind judge), once an account is signed in: the
// account's name, read-only, with why (the server saves under the account whatever is typed).
export function AccountNameField({
  className,
  label,
  hint,
  testId,
  hintId,
  name,
}: {
  className: string;
  label: string;
  hint: string;
  testId: string;
  hintId: string;
  name: string;
}) {
  return (
    <label className={className} title={hint}>
      <span>{label}</span>
      <input type="text" data-testid={testId} value={name} readOnly aria-describedby={hintId} />
      <span className="hint" id={hintId}>
        {hint}
      </span>
    </label>
  );
}
