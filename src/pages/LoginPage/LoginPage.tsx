import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { login, me, setupStatus } from "../../api/queries/auth";
import { Button } from "../../components/Button/Button";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import styles from "../../components/layout/AuthForm.module.css";
import { AuthLayout } from "../../components/layout/AuthLayout";
import { TextField } from "../../components/TextField/TextField";
import { REDIRECT_PARAM, safeRedirect } from "../../modules/auth/redirect";

export function LoginPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const target = safeRedirect(searchParams.get(REDIRECT_PARAM));
  const status = useQuery(setupStatus());
  const session = useQuery({ ...me(), enabled: status.data?.needsSetup === false });
  const signIn = useMutation(login(queryClient));
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ username?: string; password?: string }>({});

  if (status.data?.needsSetup) return <Navigate to="/setup" replace />;
  if (session.data && !signIn.isPending) return <Navigate to={target} replace />;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next = {
      username: username.trim() ? undefined : "Enter your username",
      password: password ? undefined : "Enter your password",
    };
    setErrors(next);
    if (next.username || next.password) return;
    signIn.mutate({ username: username.trim(), password }, { onSuccess: () => navigate(target, { replace: true }) });
  }

  return (
    <AuthLayout title="Sign in" subtitle="Use the account your Gangway administrator gave you.">
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        {signIn.error && <ErrorAlert error={signIn.error} />}
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          value={username}
          error={errors.username}
          onChange={(e) => setUsername(e.target.value)}
          autoFocus
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          error={errors.password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Button type="submit" variant="primary" loading={signIn.isPending} className={styles.submit}>
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}
