import { useId } from "react";
import { cx } from "../../utils/cx";
import styles from "./RadioGroup.module.css";

export interface RadioOption<V extends string> {
  value: V;
  label: string;
  /** Read out as the option's description, not as part of its name. */
  description?: string;
  disabled?: boolean;
}

interface RadioGroupProps<V extends string> {
  legend: string;
  name: string;
  options: RadioOption<V>[];
  /** Undefined: nothing chosen yet. */
  value: V | undefined;
  onChange: (value: V) => void;
  /** "cards": side by side, for two or three kinds; "list": one per line, for longer lists. */
  layout?: "cards" | "list";
  hint?: string;
  disabled?: boolean;
}

/** A choice between options shown as cards; arrow keys move between them, as with any radio group. */
export function RadioGroup<V extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  layout = "cards",
  hint,
  disabled = false,
}: RadioGroupProps<V>) {
  const groupId = useId();
  const hintId = `${groupId}-hint`;
  return (
    <fieldset className={styles.group} disabled={disabled} aria-describedby={hint ? hintId : undefined}>
      <legend className={styles.legend}>{legend}</legend>
      <div className={cx(styles.options, styles[layout])}>
        {options.map((option) => {
          const id = `${groupId}-${option.value}`;
          const checked = option.value === value;
          return (
            <label
              key={option.value}
              htmlFor={id}
              className={cx(styles.option, checked && styles.checked, option.disabled && styles.disabled)}
            >
              <input
                id={id}
                type="radio"
                name={name}
                value={option.value}
                checked={checked}
                disabled={option.disabled}
                className={styles.radio}
                aria-labelledby={`${id}-label`}
                aria-describedby={option.description ? `${id}-description` : undefined}
                onChange={() => onChange(option.value)}
              />
              <span className={styles.text}>
                <span id={`${id}-label`} className={styles.label}>
                  {option.label}
                </span>
                {option.description && (
                  <span id={`${id}-description`} className={styles.description}>
                    {option.description}
                  </span>
                )}
              </span>
            </label>
          );
        })}
      </div>
      {hint && (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      )}
    </fieldset>
  );
}
