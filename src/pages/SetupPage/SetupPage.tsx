import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { Password, Username } from "../../../protocol/rest.js";
import { setup, setupStatus } from "../../api/queries/auth";
import { Button } from "../../components/Button/Button";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import formStyles from "../../components/layout/AuthForm.module.css";
import { AuthLayout } from "../../components/layout/AuthLayout";
import { FullPageMessage } from "../../components/layout/FullPageMessage";
import { Spinner } from "../../components/Spinner/Spinner";
import { TextField } from "../../components/TextField/TextField";
import { fieldError } from "../../utils/validation";

interface FieldErrors {
  username?: string | null;
  password?: string | null;
  confirm?: string | null;
}

/** First run: creates the first admin, signs them in and opens the dashboard. */
export function SetupPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const status = useQuery(setupStatus());
  const createAdmin = useMutation(setup(queryClient));
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});

  if (status.data?.needsSetup === false) return <Navigate to="/" replace />;
  if (!status.data) {
    return (
      <FullPageMessage>
        {status.error ? <ErrorAlert error={status.error} /> : <Spinner size="lg" label="Loading" />}
      </FullPageMessage>
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next: FieldErrors = {
      username: fieldError(Username, username),
      password: fieldError(Password, password),
      confirm: confirm === password ? null : "The passwords do not match",
    };
    setErrors(next);
    if (next.username || next.password || next.confirm) return;
    createAdmin.mutate({ username, password }, { onSuccess: () => navigate("/", { replace: true }) });
  }

  return (
    <AuthLayout title="Set up Gangway" subtitle="Create the first administrator account. You can add more users later.">
      <form className={formStyles.form} onSubmit={onSubmit} noValidate>
        {createAdmin.error && <ErrorAlert error={createAdmin.error} />}
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          hint="Lowercase letters, digits and dashes"
          value={username}
          error={errors.username}
          onChange={(e) => setUsername(e.target.value)}
          autoFocus
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters"
          value={password}
          error={errors.password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <TextField
          label="Confirm password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          error={errors.confirm}
          onChange={(e) => setConfirm(e.target.value)}
        />
        <Button type="submit" variant="primary" loading={createAdmin.isPending} className={formStyles.submit}>
          Create admin and sign in
        </Button>
      </form>
    </AuthLayout>
  );
}
