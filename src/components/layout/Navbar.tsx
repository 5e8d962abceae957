import { useMutation, useQueryClient } from "@tanstack/react-query";
import { NavLink, useNavigate } from "react-router";
import type { User } from "../../../protocol/rest.js";
import { logout } from "../../api/queries/auth";
import { cx } from "../../utils/cx";
import { Button } from "../Button/Button";
import { Logo } from "./Logo";
import styles from "./Navbar.module.css";

export function Navbar({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    ...logout(queryClient),
    onSettled: () => navigate("/login", { replace: true }),
  });

  return (
    <header className={styles.navbar}>
      <NavLink to="/" className={styles.brand} aria-label="Gangway home">
        <Logo inverted />
      </NavLink>
      <nav aria-label="Main" className={styles.links}>
        <NavLink to="/" end className={({ isActive }) => cx(styles.link, isActive && styles.active)}>
          Workspaces
        </NavLink>
        {user.role === "admin" && (
          <NavLink to="/providers" className={({ isActive }) => cx(styles.link, isActive && styles.active)}>
            Providers
          </NavLink>
        )}
      </nav>
      <div className={styles.user}>
        <span className={styles.avatar} aria-hidden>
          {user.username.slice(0, 1).toUpperCase()}
        </span>
        <span className={styles.identity}>
          <span className={styles.username} data-testid="current-user">
            {user.username}
          </span>
          <span className={styles.role}>{user.role}</span>
        </span>
        <Button
          variant="ghost"
          size="sm"
          className={styles.logout}
          loading={signOut.isPending}
          onClick={() => signOut.mutate()}
        >
          Log out
        </Button>
      </div>
    </header>
  );
}
