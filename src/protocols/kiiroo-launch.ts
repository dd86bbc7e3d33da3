// The Fleshlight Launch speed rule Kiiroo's strokers share (upstream fleshlight_launch_helper.rs).

/**
 * The speed (0–1) that covers `distance` (0–1 of the stroke) in `durationMs` (upstream
 * calculate_speed). A zero distance gives 0; a zero duration gives Infinity, which the byte cast
 * (f64ToU8) saturates to full speed, as upstream's does.
 */
export function launchSpeed(distance: number, durationMs: number): number {
  if (distance < 0) return 0;
  const d = Math.min(distance, 1);
  return 250 * Math.pow((durationMs * 90) / (d * 100), -1.05);
}
