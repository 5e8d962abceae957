import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { ProviderCheck, ProviderDetails } from "../../../protocol/rest.js";
import { testProvider } from "../../api/queries/providers";
import { Button } from "../../components/Button/Button";
import { Dialog } from "../../components/Dialog/Dialog";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import { Spinner } from "../../components/Spinner/Spinner";
import { cx } from "../../utils/cx";
import styles from "./TestConnectionDialog.module.css";

interface TestConnectionDialogProps {
  provider: ProviderDetails;
  onClose: () => void;
}

/** Runs the provider's connection test as it opens and lists each check, passed or failed. */
export function TestConnectionDialog({ provider, onClose }: TestConnectionDialogProps) {
  const queryClient = useQueryClient();
  const test = useMutation(testProvider(queryClient));
  const started = useRef(false);
  const { mutate } = test;

  useEffect(() => {
    // Once per opening, also under StrictMode's second effect run (the ref survives it).
    if (started.current) return;
    started.current = true;
    mutate(provider.id);
  }, [mutate, provider.id]);

  const result = test.data;
  const failed = result?.checks.filter((check) => !check.passed).length ?? 0;

  return (
    <Dialog
      title={`Test connection to ${provider.name}`}
      description="The gateway checks that it can reach the provider and do everything a workspace needs."
      onClose={onClose}
      size="wide"
      footer={
        <>
          <Button loading={test.isPending} onClick={() => test.mutate(provider.id)}>
            Run again
          </Button>
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        </>
      }
    >
      <div aria-live="polite" aria-busy={test.isPending}>
        {test.isPending && (
          <p className={styles.running}>
            <Spinner size="sm" /> Checking {provider.name}…
          </p>
        )}
        {test.error && <ErrorAlert error={test.error} />}
        {result && !test.isPending && (
          <div className={styles.result} data-testid="test-result" data-ok={result.ok}>
            <p className={cx(styles.summary, result.ok ? styles.ok : styles.notOk)}>
              {result.ok
                ? `All ${result.checks.length} checks passed: ${provider.name} is ready.`
                : `${failed} of ${result.checks.length} checks failed: ${provider.name} takes no workspaces until they pass.`}
            </p>
            <ul className={styles.checks} aria-label="Checks">
              {result.checks.map((check) => (
                <CheckItem key={check.name} check={check} />
              ))}
            </ul>
          </div>
        )}
      </div>
    </Dialog>
  );
}

function CheckItem({ check }: { check: ProviderCheck }) {
  return (
    <li className={cx(styles.check, !check.passed && styles.failed)} data-passed={check.passed}>
      <span className={styles.icon} aria-hidden>
        {check.passed ? "✓" : "✕"}
      </span>
      <span className={styles.text}>
        <span className={styles.name}>
          {check.name}
          <span className="visually-hidden">{check.passed ? ": passed" : ": failed"}</span>
        </span>
        <span className={styles.message}>{check.message}</span>
      </span>
    </li>
  );
}
