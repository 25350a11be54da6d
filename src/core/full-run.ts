// The `counterfactual` value of a run with every agent kind present ('none': no kind left out), in runs.jsonl, the
// runs, points and effects tables, and the calibration log. The sweep's planner writes it; results/ and calibrate/
// read it. Plain data in core, one home for all three (as krx-defaults.ts is for the session), so results/ needs
// no run-time import from sweep/, which DESIGN allows only for types.

/** The `counterfactual` of the run with every agent kind present. */
export const FULL_RUN = 'none';
