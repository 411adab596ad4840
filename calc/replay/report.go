package replay

import (
	"math"
	"slices"

	"vram/presets"
)

// Report is a replay as the accuracy page shows it: the summary per figure
// and per release, and every case with its source, figures and verdict.
// The site generator writes it (web/accuracy.json) from the committed
// cases; nothing in it is typed by hand.
type Report struct {
	Line         string          `json:"line"` // Summary.Line
	Cases        int             `json:"cases"`
	Replayed     int             `json:"replayed"`
	Compared     int             `json:"compared"`     // Summary.Compared
	OutOfScope   int             `json:"out_of_scope"` // Summary.OutOfScope
	Pending      int             `json:"pending"`      // cases marked Pending
	Figures      []FigureStat    `json:"figures"`
	Releases     []ReleaseStat   `json:"releases"`
	VerdictRight int             `json:"verdict_right"`
	VerdictTotal int             `json:"verdict_total"`
	Rows         []ReportRow     `json:"rows"`
	Skips        []ReportSkipped `json:"skips"`
}

// FigureStat is one figure's error over the cases that compare it.
type FigureStat struct {
	Name          string  `json:"name"`
	N             int     `json:"n"`
	MeanAbsPct    float64 `json:"mean_abs_pct"`
	MedianAbsPct  float64 `json:"median_abs_pct"`
	MeanAbs       float64 `json:"mean_abs"`
	CalN          int     `json:"cal_n"`
	CalMeanAbsPct float64 `json:"cal_mean_abs_pct"`
}

// ReleaseStat is the predictive error per figure on one release.
type ReleaseStat struct {
	Release string       `json:"release"`
	Figures []FigureStat `json:"figures"`
}

// ReportRow is one replayed case.
type ReportRow struct {
	ID      string `json:"id"`
	URL     string `json:"url"`
	Release string `json:"release"`
	Exact   bool   `json:"exact"` // the case names this release
	// Unknown: the case states no version; its weights are compared on
	// the latest release, nothing else.
	Unknown bool `json:"unknown,omitempty"`
	// Unnamed: the log names no device; what every candidate device
	// agrees on (weights, verdict) is compared alone.
	Unnamed bool `json:"unnamed,omitempty"`
	// Pending: a known miss, reported and not asserted (Case.Pending).
	Pending bool           `json:"pending,omitempty"`
	Figures []ReportFigure `json:"figures"`
	Verdict ReportVerdict  `json:"verdict"`
}

// ReportFigure is one predictive figure of a case.
type ReportFigure struct {
	Name      string  `json:"name"`
	Measured  float64 `json:"measured"`
	Predicted float64 `json:"predicted"`
	ErrPct    float64 `json:"err_pct"`
	Compared  bool    `json:"compared"`
	Why       string  `json:"why,omitempty"`
}

// ReportVerdict is a case's start or failure against the prediction.
type ReportVerdict struct {
	Compared bool   `json:"compared"`
	Want     bool   `json:"want"`
	Got      bool   `json:"got"`
	Gate     string `json:"gate,omitempty"`
	Why      string `json:"why,omitempty"`
}

// ReportSkipped is a case the replay could not rebuild, and why.
type ReportSkipped struct {
	ID  string `json:"id"`
	URL string `json:"url"`
	Why string `json:"why"`
}

// NewReport lays out results and their summary.
func NewReport(results []Result, s Summary) Report {
	r := Report{Line: s.Line(), Cases: s.Cases, Replayed: s.Replayed, Compared: s.Compared, OutOfScope: s.OutOfScope, VerdictRight: s.VerdictRight, VerdictTotal: s.VerdictTotal}
	r.Figures = figureStats(s.Predictive, s.Calibrated)
	for _, res := range results {
		if res.Case.Pending {
			r.Pending++
		}
	}
	rels := make([]string, 0, len(s.ByRelease))
	for k := range s.ByRelease {
		rels = append(rels, k)
	}
	slices.SortFunc(rels, presets.CompareReleaseIDs) // by project, then version
	for _, rel := range rels {
		r.Releases = append(r.Releases, ReleaseStat{Release: rel, Figures: figureStats(s.ByRelease[rel], nil)})
	}
	for _, res := range results {
		if res.Skipped != "" {
			r.Skips = append(r.Skips, ReportSkipped{ID: res.Case.ID, URL: res.Case.URL(), Why: res.Skipped})
			continue
		}
		row := ReportRow{ID: res.Case.ID, URL: res.Case.URL(), Release: res.Release, Exact: res.Exact, Unknown: res.VersionUnknown, Unnamed: res.DeviceUnnamed, Pending: res.Case.Pending}
		for _, f := range res.Predictive {
			row.Figures = append(row.Figures, ReportFigure{Name: f.Name, Measured: round3(f.Measured), Predicted: round3(f.Predicted),
				ErrPct: math.Round(f.ErrPct()*10) / 10, Compared: f.Compared, Why: f.Why})
		}
		v := res.Verdict
		row.Verdict = ReportVerdict{Compared: v.Compared, Want: v.Want, Got: v.Got, Gate: v.Gate, Why: v.Why}
		r.Rows = append(r.Rows, row)
	}
	return r
}

// figureStats orders a summary's stats as FigureNames, with the
// calibrated error beside each where given.
func figureStats(pred, cal map[string]Stat) []FigureStat {
	var out []FigureStat
	for _, name := range FigureNames {
		p, ok := pred[name]
		if !ok {
			continue
		}
		c := cal[name]
		out = append(out, FigureStat{Name: name, N: p.N, MeanAbsPct: round3(p.MeanAbsPct), MedianAbsPct: round3(p.MedianAbsPct),
			MeanAbs: round3(p.MeanAbsUnit), CalN: c.N, CalMeanAbsPct: round3(c.MeanAbsPct)})
	}
	return out
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
