import { useId } from "react";
import { TextAreaField } from "../../components/TextAreaField/TextAreaField";
import { turnUrlsError } from "../../modules/providers/providerForm";
import type { FieldErrors } from "../../utils/validation";
import styles from "./ProviderFormDialog.module.css";

interface TurnServersFieldProps {
  /** The textarea's text: one URL per line. */
  value: string;
  /** The form's problems; those keyed "turnUrls" or "turnUrls.<index>" are shown here. */
  errors: FieldErrors;
  onChange: (value: string) => void;
}

/**
 * The provider's own TURN servers (any kind, the built-in one too): offered to its workspaces'
 * connections before the gateway's, signed with the gateway's TURN secret.
 */
export function TurnServersField({ value, errors, onChange }: TurnServersFieldProps) {
  const heading = useId();
  return (
    <section className={styles.section} aria-labelledby={heading}>
      <h3 id={heading} className={styles.sectionTitle}>
        Connections
      </h3>
      <TextAreaField
        label="TURN servers (this region)"
        name="turnUrls"
        placeholder={
          "turn:turn.eu-west.example.com:3478?transport=udp\nturns:turn.eu-west.example.com:5349?transport=tcp"
        }
        hint="One URL per line. Offered to this provider's workspaces before the gateway's own; they must share the gateway's TURN secret (GANGWAY_TURN_SECRET, see docs/networking.md). Empty: the gateway's TURN servers only."
        code
        rows={3}
        value={value}
        error={turnUrlsError(errors, value)}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
      />
    </section>
  );
}
