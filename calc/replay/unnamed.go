package replay

import (
	"vram/calc"
	"vram/presets"
)

// whyUnnamed is the reason every figure but the weights goes uncompared on
// a case whose device the catalog cannot name.
const whyUnnamed = "device not named: only the weights are compared"

// unnamedDevice replays a case whose log does not name its device ("an
// NVIDIA GPU on an HPC cluster") but does name its platform. The weights
// do not depend on the card's size, so they are compared when every
// catalog device of the platform that can load the model gives the same
// weights; a kernel chosen by compute capability (MXFP4's) makes them
// differ, and then the case stays skipped with skip as its reason. Every
// other figure, and the verdict, depends on the card and is reported
// uncompared.
func unnamedDevice(c Case, skip string) Result {
	res := Result{Case: c, Skipped: skip}
	if _, ok := num(c.Measured, "weights_gib"); !ok {
		return res
	}
	platform := platformOf(*c.Device)
	if platform == "" {
		return res
	}
	e, _, why := release(c, platform)
	if why == "version not stated" {
		e, why, res.VersionUnknown = presets.LatestEngine(platform), "", true
	}
	if why != "" {
		return res
	}
	var pred calc.Estimate
	var weights calc.Bytes
	n := 0
	for _, d := range presets.Devices() {
		if d.Platform != platform {
			continue
		}
		est, err := calc.Evaluate(scenarioWith(c, e, d.Device))
		if err != nil {
			continue // this device cannot serve the case, so it did not run it
		}
		w := est.Ranks[0].Weights.Total
		if n > 0 && w != weights {
			res.Skipped = skip + ", and the weights depend on which device it is"
			return res
		}
		pred, weights, n = est, w, n+1
	}
	if n == 0 {
		return res
	}
	res.Skipped, res.DeviceUnnamed = "", true
	res.Release, res.Exact = e.ID, exactRelease(c, e)
	res.Predictive = figures(c, pred, whyUnnamed, whyUnnamed, true)
	for i := range res.Predictive {
		if res.Predictive[i].Name != FigWeights {
			res.Predictive[i].Compared, res.Predictive[i].Why = false, whyUnnamed
		}
	}
	res.Verdict = verdict(c, pred, whyUnnamed, false)
	res.VerdictCal = res.Verdict
	return res
}
