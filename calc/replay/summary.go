package replay

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"vram/presets"
)

// Stat is the error of one figure over the cases that compare it.
type Stat struct {
	N            int     `json:"n"`
	MeanAbsPct   float64 `json:"mean_abs_pct"`
	MedianAbsPct float64 `json:"median_abs_pct"`
	MeanAbsUnit  float64 `json:"mean_abs"` // GiB, tokens or x
}

// Summary is a replay in figures.
type Summary struct {
	Cases, Replayed, Skipped int
	// Compared: replayed cases with at least one figure or verdict
	// compared (the others name no figure their stated settings decide).
	Compared int
	// OutOfScope: skipped cases on a platform the calculator does not
	// serve (AMD, TPU, Apple: run.go notServed), counted in Skipped.
	OutOfScope                       int
	Predictive, Calibrated           map[string]Stat
	VerdictRight, VerdictTotal       int
	VerdictRightCal, VerdictTotalCal int
	ByRelease                        map[string]map[string]Stat `json:"by_release"` // predictive, per release
}

// pctCap bounds one case's percentage error in the means: a tiny measured
// KV cache (0.04 GiB) must not make the mean meaningless.
const pctCap = 1000

// Summarize computes the summary of results.
func Summarize(results []Result) Summary {
	s := Summary{Cases: len(results), ByRelease: map[string]map[string]Stat{}}
	pred, cal := map[string][]Figure{}, map[string][]Figure{}
	byRel := map[string]map[string][]Figure{}
	for _, r := range results {
		if r.Skipped != "" {
			s.Skipped++
			if strings.HasSuffix(r.Skipped, notServed) {
				s.OutOfScope++
			}
			continue
		}
		s.Replayed++
		if r.comparesAny() {
			s.Compared++
		}
		for _, f := range r.Predictive {
			if f.Compared {
				pred[f.Name] = append(pred[f.Name], f)
				if byRel[r.Release] == nil {
					byRel[r.Release] = map[string][]Figure{}
				}
				byRel[r.Release][f.Name] = append(byRel[r.Release][f.Name], f)
			}
		}
		for _, f := range r.Calibrated {
			if f.Compared {
				cal[f.Name] = append(cal[f.Name], f)
			}
		}
		if r.Verdict.Compared {
			s.VerdictTotal++
			if r.Verdict.Got == r.Verdict.Want {
				s.VerdictRight++
			}
		}
		if r.VerdictCal.Compared {
			s.VerdictTotalCal++
			if r.VerdictCal.Got == r.VerdictCal.Want {
				s.VerdictRightCal++
			}
		}
	}
	s.Predictive, s.Calibrated = stats(pred), stats(cal)
	for rel, m := range byRel {
		s.ByRelease[rel] = stats(m)
	}
	return s
}

func stats(m map[string][]Figure) map[string]Stat {
	out := map[string]Stat{}
	for name, fs := range m {
		var st Stat
		var pcts []float64
		for _, f := range fs {
			p := math.Min(math.Abs(f.ErrPct()), pctCap)
			pcts = append(pcts, p)
			st.MeanAbsPct += p
			st.MeanAbsUnit += math.Abs(f.Predicted - f.Measured)
		}
		st.N = len(fs)
		st.MeanAbsPct /= float64(st.N)
		st.MeanAbsUnit /= float64(st.N)
		sort.Float64s(pcts)
		st.MedianAbsPct = pcts[len(pcts)/2]
		if len(pcts)%2 == 0 {
			st.MedianAbsPct = (pcts[len(pcts)/2-1] + pcts[len(pcts)/2]) / 2
		}
		out[name] = st
	}
	return out
}

// Line is the one-line summary the test and the tool print.
func (s Summary) Line() string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
	var b strings.Builder
	fmt.Fprintf(&b, "REPLAY replayed=%d skipped=%d weights_mean_abs_pct=%s kv_mean_abs_pct=%s verdict_right=%d verdict_total=%d",
		s.Replayed, s.Skipped, f(s.Predictive[FigWeights].MeanAbsPct), f(s.Predictive[FigKV].MeanAbsPct), s.VerdictRight, s.VerdictTotal)
	fmt.Fprintf(&b, " kv_mean_abs_gib=%s kv_cal_mean_abs_pct=%s activation_median_abs_pct=%s nontorch_mean_abs_gib=%s graphs_mean_abs_pct=%s tokens_mean_abs_pct=%s verdict_cal_right=%d verdict_cal_total=%d",
		f(s.Predictive[FigKV].MeanAbsUnit), f(s.Calibrated[FigKV].MeanAbsPct), f(s.Predictive[FigActivation].MedianAbsPct),
		f(s.Predictive[FigNonTorch].MeanAbsUnit), f(s.Predictive[FigGraphs].MeanAbsPct), f(s.Predictive[FigTokens].MeanAbsPct),
		s.VerdictRightCal, s.VerdictTotalCal)
	fmt.Fprintf(&b, " blocks_mean_abs_pct=%s compared=%d out_of_scope=%d", f(s.Predictive[FigBlocks].MeanAbsPct), s.Compared, s.OutOfScope)
	return b.String()
}

// comparesAny reports whether r compares a figure or its verdict.
func (r Result) comparesAny() bool {
	if r.Verdict.Compared {
		return true
	}
	for _, figs := range [][]Figure{r.Predictive, r.Calibrated} {
		for _, f := range figs {
			if f.Compared {
				return true
			}
		}
	}
	return false
}

// Write prints the per-case table, the skips with their reasons, the
// summary per figure and per release, and the summary line.
func Write(w io.Writer, results []Result, s Summary) {
	fmt.Fprintf(w, "%-44s %-12s %-11s %10s %10s %8s  %s\n", "case", "release", "figure", "measured", "predicted", "error", "")
	for _, r := range results {
		if r.Skipped != "" {
			continue
		}
		for _, run := range []struct {
			name string
			fs   []Figure
		}{{"", r.Predictive}, {"cal", r.Calibrated}} {
			for _, f := range run.fs {
				name := f.Name
				if run.name != "" {
					name += " (cal)"
				}
				if !f.Compared {
					fmt.Fprintf(w, "%-44s %-12s %-11s %10.2f %10s %8s  %s\n", r.Case.ID, r.Release, name, f.Measured, "-", "", f.Why)
					continue
				}
				fmt.Fprintf(w, "%-44s %-12s %-11s %10.2f %10.2f %7.1f%%\n", r.Case.ID, r.Release, name, f.Measured, f.Predicted, f.ErrPct())
			}
		}
		for _, v := range []struct {
			name string
			v    Verdict
		}{{"verdict", r.Verdict}, {"verdict (cal)", r.VerdictCal}} {
			if !v.v.Compared {
				fmt.Fprintf(w, "%-44s %-12s %-11s %10s %10s %8s  %s\n", r.Case.ID, r.Release, v.name, "-", "-", "", v.v.Why)
				continue
			}
			mark := "right"
			if v.v.Got != v.v.Want {
				mark = "WRONG"
			}
			fmt.Fprintf(w, "%-44s %-12s %-11s %10v %10v %8s  %s\n", r.Case.ID, r.Release, v.name, v.v.Want, v.v.Got, mark, v.v.Gate)
		}
	}
	fmt.Fprintln(w, "\nskipped:")
	for _, r := range results {
		if r.Skipped != "" {
			fmt.Fprintf(w, "  %-44s %s\n", r.Case.ID, r.Skipped)
		}
	}
	fmt.Fprintf(w, "\n%-12s %6s %12s %14s %10s | calibrated %6s %12s\n", "figure", "n", "mean |err|%", "median |err|%", "mean |err|", "n", "mean |err|%")
	for _, name := range FigureNames {
		p, c := s.Predictive[name], s.Calibrated[name]
		fmt.Fprintf(w, "%-12s %6d %12.2f %14.2f %10.3f | %17d %12.2f\n", name, p.N, p.MeanAbsPct, p.MedianAbsPct, p.MeanAbsUnit, c.N, c.MeanAbsPct)
	}
	rels := make([]string, 0, len(s.ByRelease))
	for k := range s.ByRelease {
		rels = append(rels, k)
	}
	slices.SortFunc(rels, presets.CompareReleaseIDs) // by project, then version
	fmt.Fprintln(w, "\nper release (predictive mean |err|%, n):")
	for _, rel := range rels {
		var parts []string
		for _, name := range FigureNames {
			if st, ok := s.ByRelease[rel][name]; ok {
				parts = append(parts, fmt.Sprintf("%s %.1f%% (%d)", name, st.MeanAbsPct, st.N))
			}
		}
		fmt.Fprintf(w, "  %-18s %s\n", rel, strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "\nverdicts: predictive %d/%d right, calibrated %d/%d\n", s.VerdictRight, s.VerdictTotal, s.VerdictRightCal, s.VerdictTotalCal)
	fmt.Fprintln(w, s.Line())
}
