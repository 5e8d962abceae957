import { Button } from "../../components/Button/Button";
import { TextAreaField } from "../../components/TextAreaField/TextAreaField";
import { TextField } from "../../components/TextField/TextField";
import fieldStyles from "../../components/TextField/TextField.module.css";
import { cx } from "../../utils/cx";
import styles from "./ProviderFormDialog.module.css";

interface SecretFieldProps {
  label: string;
  /** null: the stored secret is kept. A string: what replaces it (or the new one, on create). */
  value: string | null;
  /** What the gateway says about the stored secret, e.g. "stored (fingerprint sha256:…)"; null if none. */
  stored: string | null;
  onChange: (value: string | null) => void;
  error?: string | null;
  hint: string;
  placeholder?: string;
  /** A PEM key spans lines: a textarea; a token is one line: a password input. */
  multiline?: boolean;
}

/**
 * A secret the gateway never sends back. On edit it shows what is stored and stays unchanged
 * unless the admin chooses to replace it.
 */
export function SecretField({ label, value, stored, onChange, error, hint, placeholder, multiline }: SecretFieldProps) {
  if (value === null && stored !== null) {
    return (
      <fieldset className={cx(fieldStyles.field, styles.storedField)}>
        <legend className={fieldStyles.label}>{label}</legend>
        <div className={styles.stored}>
          <span className={styles.storedText}>{stored}</span>
          <Button size="sm" aria-label={`Replace ${label.toLowerCase()}`} onClick={() => onChange("")}>
            Replace
          </Button>
        </div>
        <p className={fieldStyles.hint}>Left unchanged unless you replace it.</p>
      </fieldset>
    );
  }
  const keep = stored !== null && (
    <Button size="sm" variant="ghost" className={styles.keep} onClick={() => onChange(null)}>
      Keep the stored one
    </Button>
  );
  const common = {
    label,
    value: value ?? "",
    error,
    hint,
    placeholder,
    autoComplete: "off",
    spellCheck: false,
  } as const;
  return (
    <div>
      {multiline ? (
        <TextAreaField {...common} code onChange={(e) => onChange(e.target.value)} />
      ) : (
        <TextField {...common} type="password" onChange={(e) => onChange(e.target.value)} />
      )}
      {keep}
    </div>
  );
}
