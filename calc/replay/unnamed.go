package replay

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"vram/calc"
	"vram/presets"
)

// whyUnnamed is the reason a figure that depends on the card goes
// uncompared on a case whose device the catalog cannot name.
const whyUnnamed = "device not identified (unnamed, or a part the catalog lacks): only what every candidate device agrees on is compared"

// unnamedDevice replays a case whose log does not name its device ("an
// NVIDIA GPU on an HPC cluster", "an 80 GB-class GPU") but does name its
// platform. The device is then one more open input, like an unstated
// setting (open.go): the case is evaluated on every candidate, the
// catalog devices of the platform of the size the text states, if it
// states one, that can serve it. What every candidate agrees on is
// compared:
//   - the weights, when they are the same on every candidate (a kernel
//     chosen by compute capability, MXFP4's, makes them differ);
//   - the verdict, when every candidate starts, or every one fails at the
//     same check, at both ends of each open setting too;
//   - the profile's activation peak, when it is the same on every
//     candidate and the settings that size it are stated.
//
// Every other figure depends on the card and is reported uncompared. A
// case on which nothing agrees stays skipped with skip as its reason.
func unnamedDevice(c Case, skip string) Result {
	res := Result{Case: c, Skipped: skip}
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
	exact := exactRelease(c, e)
	util, maxLen := stated(c)
	openOK := !res.VersionUnknown && (exact || util && maxLen)
	var pred calc.Estimate
	var rejected error
	n, sameWeights, sameVerdict, samePeak := 0, true, openOK, true
	for _, d := range candidates(*c.Device, platform) {
		s := scenarioWith(c, e, d.Device)
		est, err := calc.Evaluate(s)
		if err != nil {
			rejected = err
			continue // this device cannot serve the case, so it did not run it
		}
		if n > 0 {
			sameWeights = sameWeights && est.Ranks[0].Weights.Total == pred.Ranks[0].Weights.Total
			samePeak = samePeak && est.Ranks[0].Activation == pred.Ranks[0].Activation
			sameVerdict = sameVerdict && est.Starts == pred.Starts && failing(est) == failing(pred)
		}
		if sameVerdict && !(util && maxLen) {
			sameVerdict = openVerdict(c, s, est)
		}
		pred, n = est, n+1
	}
	_, weighed := num(c.Measured, "weights_gib")
	_, peaked := num(c.Measured, "activation_peak_gib")
	// The profile's peak is the card's only through defaults sized by its
	// memory; with the same peak on every candidate, and the settings that
	// size it stated (as Replay asks), it is compared.
	peakOK := n > 0 && samePeak && !res.VersionUnknown && (maxLen || pred.Resolved.V1 && pred.Resolved.Model.Vision == nil)
	v := verdict(c, pred, "", false)
	if n == 0 || !(weighed && sameWeights) && !(v.Compared && sameVerdict) && !(peaked && peakOK) {
		if n == 0 && rejected != nil {
			res.Skipped = skip + "; every candidate rejects the scenario: " + rejected.Error()
		}
		if n > 0 && weighed {
			res.Skipped = skip + ", and the weights depend on which device it is"
		}
		return res
	}
	res.Skipped, res.DeviceUnnamed = "", true
	res.Release, res.Exact = e.ID, exact
	res.Predictive = figures(c, pred, "", whyUnnamed, true)
	for i := range res.Predictive {
		f := &res.Predictive[i]
		if !(f.Name == FigWeights && sameWeights || f.Name == FigActivation && peakOK) {
			f.Compared, f.Why = false, whyUnnamed
		}
	}
	if !sameVerdict {
		v = verdict(c, pred, whyUnnamed, false)
	}
	v.Open = v.Compared
	res.Verdict, res.VerdictCal = v, v
	return res
}

// sizeClassRe finds the memory size a text gives a device: "80 GB-class",
// "64 GB class" first, else a lone "80 GB".
var (
	sizeClassRe = regexp.MustCompile(`(?i)(\d+)\s*GB[- ]class`)
	sizeOnlyRe  = regexp.MustCompile(`(?i)(\d+)\s*GB\b`)
)

// candidates are the catalog devices of platform that an unnamed device
// could be: those of the size the text states, or all of them.
func candidates(text string, platform calc.Platform) []presets.DeviceEntry {
	gb := 0
	if m := sizeClassRe.FindStringSubmatch(text); m != nil {
		gb, _ = strconv.Atoi(m[1])
	} else if ms := sizeOnlyRe.FindAllStringSubmatch(text, -1); len(ms) == 1 && !strings.Contains(strings.ToLower(text), "size not stated") {
		gb, _ = strconv.Atoi(ms[0][1])
	}
	var out []presets.DeviceEntry
	for _, d := range presets.Devices() {
		if d.Platform != platform {
			continue
		}
		if gb > 0 && int(math.Round(float64(d.Nameplate)/float64(calc.GiB))) != gb {
			continue
		}
		out = append(out, d)
	}
	return out
}
