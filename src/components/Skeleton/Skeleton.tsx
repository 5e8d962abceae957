import styles from "./Skeleton.module.css";

interface SkeletonProps {
  width?: number | string;
  height?: number;
}

/** A grey placeholder block shown while data loads, in the shape of what will come. */
export function Skeleton({ width = "100%", height = 14 }: SkeletonProps) {
  return <span className={styles.skeleton} style={{ width, height }} aria-hidden />;
}
