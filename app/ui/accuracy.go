package ui

import (
	"fmt"
	"strconv"

	json "github.com/goccy/go-json"
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/calc/replay"
)

// AccuracyPath is where the site generator writes the replay report,
// relative to the page (app/accuracy_gen.go writes web/accuracy.json).
const AccuracyPath = "web/accuracy.json"

// maxReportBytes bounds the report the page reads.
const maxReportBytes = 8 << 20

// accuracyView is the accuracy page: the replay of every committed real
// startup log, read from the report the build generated. It holds the
// report it fetched.
type accuracyView struct {
	app.Compo

	Lang i18n.Lang
	Back string // the calculator's address

	report *replay.Report
	err    string
}

func newAccuracy() *accuracyView { return &accuracyView{} }

func (a *accuracyView) Language(l i18n.Lang) *accuracyView { a.Lang = l; return a }

func (a *accuracyView) BackTo(u string) *accuracyView { a.Back = u; return a }

func (a *accuracyView) OnMount(ctx app.Context) {
	if a.report != nil {
		return
	}
	var then, fail, read app.Func
	release := func() { then.Release(); fail.Release(); read.Release() }
	read = app.FuncOf(func(this app.Value, args []app.Value) any {
		text := ""
		if len(args) > 0 {
			text = args[0].String()
		}
		ctx.Dispatch(func(ctx app.Context) { a.load(text) })
		release()
		return nil
	})
	fail = app.FuncOf(func(this app.Value, args []app.Value) any {
		msg := "fetch failed"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		ctx.Dispatch(func(ctx app.Context) { a.err = msg })
		release()
		return nil
	})
	then = app.FuncOf(func(this app.Value, args []app.Value) any {
		r := args[0]
		if !r.Get("ok").Bool() {
			ctx.Dispatch(func(ctx app.Context) { a.err = "HTTP " + strconv.Itoa(r.Get("status").Int()) })
			release()
			return nil
		}
		r.Call("text").Call("then", read, fail)
		return nil
	})
	app.Window().Call("fetch", AccuracyPath).Call("then", then, fail)
}

// load decodes the report; a bad or oversized file becomes the message.
func (a *accuracyView) load(text string) {
	if len(text) > maxReportBytes {
		a.err = "report too large"
		return
	}
	var r replay.Report
	if err := json.Unmarshal([]byte(text), &r); err != nil {
		a.err = err.Error()
		return
	}
	a.report = &r
}

func (a *accuracyView) t(key string) string { return i18n.T(a.Lang, key) }

func (a *accuracyView) f(key string, vars map[string]string) string { return i18n.F(a.Lang, key, vars) }

func (a *accuracyView) Render() app.UI {
	body := []app.UI{
		el("h2").Text(a.t("acc.title")),
		el("p").Body(app.A().ID("acc-back").Href(a.Back).Text("← " + a.t("acc.back"))),
	}
	switch {
	case a.err != "":
		body = append(body, el("p").ID("acc-error").Class("error").Text(a.f("acc.failed", map[string]string{"error": a.err})))
	case a.report == nil:
		body = append(body, el("p").ID("acc-loading").Text(a.t("acc.loading")))
	default:
		body = append(body, a.renderReport(a.report)...)
	}
	return el("section").ID("accuracy").Class("accuracy").Body(body...)
}

func (a *accuracyView) renderReport(r *replay.Report) []app.UI {
	return []app.UI{
		el("p").ID("acc-intro").Text(a.f("acc.intro", map[string]string{
			"replayed": strconv.Itoa(r.Replayed), "cases": strconv.Itoa(r.Cases), "compared": strconv.Itoa(r.Compared), "outofscope": strconv.Itoa(r.OutOfScope), "pending": strconv.Itoa(r.Pending),
			"right": strconv.Itoa(r.VerdictRight), "total": strconv.Itoa(r.VerdictTotal)})),
		el("h3").Text(a.t("acc.figures")),
		a.figureTable(r.Figures),
		el("p").Class("hint").Text(a.t("acc.calibrated")),
		el("h3").Text(a.t("acc.releases")),
		a.releaseTable(r.Releases),
		el("h3").Text(a.t("acc.cases")),
		a.caseTable(r.Rows),
		app.Details().ID("acc-skipped").Body(
			el("summary").Text(a.f("acc.skipped", map[string]string{"n": strconv.Itoa(len(r.Skips))})),
			el("ul").Body(app.Range(r.Skips).Slice(func(i int) app.UI {
				s := r.Skips[i]
				return el("li").Body(caseLink(s.ID, s.URL), app.Text(": "+s.Why))
			})),
		),
	}
}

func (a *accuracyView) figureTable(fs []replay.FigureStat) app.UI {
	return el("div").Class("table-wrap").Body(el("table").ID("acc-figures").Class("parts").Body(
		el("thead").Body(el("tr").Body(
			app.Th().Text(a.t("acc.figure")), app.Th().Text(a.t("acc.n")), app.Th().Text(a.t("acc.mean")),
			app.Th().Text(a.t("acc.median")), app.Th().Text(a.t("acc.mean_abs")), app.Th().Text(a.t("acc.cal_mean")),
		)),
		el("tbody").Body(app.Range(fs).Slice(func(i int) app.UI {
			f := fs[i]
			cal := "–"
			if f.CalN > 0 {
				cal = pct(f.CalMeanAbsPct) + " (" + strconv.Itoa(f.CalN) + ")"
			}
			return el("tr").DataSet("figure", f.Name).Body(
				el("td").Text(a.t("fig."+f.Name)), el("td").Class("num").Text(strconv.Itoa(f.N)),
				el("td").Class("num").Text(pct(f.MeanAbsPct)), el("td").Class("num").Text(pct(f.MedianAbsPct)),
				el("td").Class("num").Text(strconv.FormatFloat(f.MeanAbs, 'f', 2, 64)), el("td").Class("num").Text(cal),
			)
		})),
	))
}

func (a *accuracyView) releaseTable(rs []replay.ReleaseStat) app.UI {
	return el("div").Class("table-wrap").Body(el("table").ID("acc-releases").Class("parts").Body(
		el("thead").Body(el("tr").Body(app.Th().Text(a.t("acc.release")), app.Th().Text(a.t("acc.mean")))),
		el("tbody").Body(app.Range(rs).Slice(func(i int) app.UI {
			r := rs[i]
			text := ""
			for j, f := range r.Figures {
				if j > 0 {
					text += " · "
				}
				text += fmt.Sprintf("%s %s (%d)", a.t("fig."+f.Name), pct(f.MeanAbsPct), f.N)
			}
			return el("tr").Body(el("td").Text(r.Release), el("td").Text(text))
		})),
	))
}

func (a *accuracyView) caseTable(rows []replay.ReportRow) app.UI {
	return el("div").Class("table-wrap").Body(el("table").ID("acc-cases").Class("parts").Body(
		el("thead").Body(el("tr").Body(
			app.Th().Text(a.t("acc.case")), app.Th().Text(a.t("acc.release")),
			app.Th().Text(a.t("acc.figure")), app.Th().Text(a.t("acc.verdict")),
		)),
		el("tbody").Body(app.Range(rows).Slice(func(i int) app.UI {
			r := rows[i]
			rel := a.t("acc.inferred")
			switch {
			case r.Unknown:
				rel = a.t("acc.unknown")
			case r.Exact:
				rel = a.t("acc.exact")
			}
			if r.Unnamed {
				rel += "; " + a.t("acc.unnamed")
			}
			if r.Pending {
				rel += "; " + a.t("acc.pending")
			}
			return el("tr").DataSet("case", r.ID).Body(
				el("td").Body(caseLink(r.ID, r.URL)),
				el("td").Body(app.Text(r.Release), el("br"), el("small").Text(rel)),
				el("td").Body(app.Range(r.Figures).Slice(func(j int) app.UI { return a.figureLine(r.Figures[j]) })),
				el("td").Class("verdict-cell").Text(a.verdict(r.Verdict)),
			)
		})),
	))
}

func (a *accuracyView) figureLine(f replay.ReportFigure) app.UI {
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
	if !f.Compared {
		return el("div").Class("fig muted").Text(fmt.Sprintf("%s %s: %s", a.t("fig."+f.Name), num(f.Measured), f.Why))
	}
	return el("div").Class("fig").DataSet("err", f.ErrPct).Text(fmt.Sprintf("%s %s → %s (%+.1f%%)",
		a.t("fig."+f.Name), num(f.Measured), num(f.Predicted), f.ErrPct))
}

func (a *accuracyView) verdict(v replay.ReportVerdict) string {
	if !v.Compared {
		return v.Why
	}
	word := func(starts bool) string {
		if starts {
			return a.t("acc.starts")
		}
		if v.Gate != "" {
			return a.f("acc.fails_at", map[string]string{"gate": a.t("gate." + v.Gate + ".name")})
		}
		return a.t("acc.fails")
	}
	if v.Got == v.Want {
		return a.f("acc.verdict_right", map[string]string{"got": word(v.Got)})
	}
	want := a.t("acc.fails")
	if v.Want {
		want = a.t("acc.starts")
	}
	return a.f("acc.verdict_wrong", map[string]string{"got": word(v.Got), "want": want})
}

func caseLink(id, url string) app.UI {
	if url == "" {
		return el("code").Text(id)
	}
	return app.A().Href(url).Target("_blank").Rel("noopener noreferrer").Body(el("code").Text(id))
}

func pct(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) + "%" }
