import { useQuery } from "@tanstack/react-query";
import { Outlet } from "react-router";
import { me } from "../../api/queries/auth";
import styles from "./AppLayout.module.css";
import { Navbar } from "./Navbar";

/** The signed-in shell: navbar over the page. Rendered inside RequireAuth, so `me` is loaded. */
export function AppLayout() {
  const { data } = useQuery(me());
  return (
    <div className={styles.app}>
      {data && <Navbar user={data.user} />}
      <main className={styles.main}>
        <Outlet />
      </main>
    </div>
  );
}
