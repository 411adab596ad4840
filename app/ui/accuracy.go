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
		app.H2().Text(a.t("acc.title")),
		app.P().Body(app.A().ID("acc-back").Href(a.Back).Text("← " + a.t("acc.back"))),
	}
	switch {
	case a.err != "":
		body = append(body, app.P().ID("acc-error").Class("error").Text(a.f("acc.failed", map[string]string{"error": a.err})))
	case a.report == nil:
		body = append(body, app.P().ID("acc-loading").Text(a.t("acc.loading")))
	default:
		body = append(body, a.renderReport(a.report)...)
	}
	return app.Section().ID("accuracy").Class("accuracy").Body(body...)
}

func (a *accuracyView) renderReport(r *replay.Report) []app.UI {
	return []app.UI{
		app.P().ID("acc-intro").Text(a.f("acc.intro", map[string]string{
			"replayed": strconv.Itoa(r.Replayed), "cases": strconv.Itoa(r.Cases),
			"right": strconv.Itoa(r.VerdictRight), "total": strconv.Itoa(r.VerdictTotal)})),
		app.H3().Text(a.t("acc.figures")),
		a.figureTable(r.Figures),
		app.P().Class("hint").Text(a.t("acc.calibrated")),
		app.H3().Text(a.t("acc.releases")),
		a.releaseTable(r.Releases),
		app.H3().Text(a.t("acc.cases")),
		a.caseTable(r.Rows),
		app.Details().ID("acc-skipped").Body(
			app.Summary().Text(a.f("acc.skipped", map[string]string{"n": strconv.Itoa(len(r.Skips))})),
			app.Ul().Body(app.Range(r.Skips).Slice(func(i int) app.UI {
				s := r.Skips[i]
				return app.Li().Body(caseLink(s.ID, s.URL), app.Text(": "+s.Why))
			})),
		),
	}
}

func (a *accuracyView) figureTable(fs []replay.FigureStat) app.UI {
	return app.Div().Class("table-wrap").Body(app.Table().ID("acc-figures").Class("parts").Body(
		app.THead().Body(app.Tr().Body(
			app.Th().Text(a.t("acc.figure")), app.Th().Text(a.t("acc.n")), app.Th().Text(a.t("acc.mean")),
			app.Th().Text(a.t("acc.median")), app.Th().Text(a.t("acc.mean_abs")), app.Th().Text(a.t("acc.cal_mean")),
		)),
		app.TBody().Body(app.Range(fs).Slice(func(i int) app.UI {
			f := fs[i]
			cal := "–"
			if f.CalN > 0 {
				cal = pct(f.CalMeanAbsPct) + " (" + strconv.Itoa(f.CalN) + ")"
			}
			return app.Tr().DataSet("figure", f.Name).Body(
				app.Td().Text(a.t("fig."+f.Name)), app.Td().Class("num").Text(strconv.Itoa(f.N)),
				app.Td().Class("num").Text(pct(f.MeanAbsPct)), app.Td().Class("num").Text(pct(f.MedianAbsPct)),
				app.Td().Class("num").Text(strconv.FormatFloat(f.MeanAbs, 'f', 2, 64)), app.Td().Class("num").Text(cal),
			)
		})),
	))
}

func (a *accuracyView) releaseTable(rs []replay.ReleaseStat) app.UI {
	return app.Div().Class("table-wrap").Body(app.Table().ID("acc-releases").Class("parts").Body(
		app.THead().Body(app.Tr().Body(app.Th().Text(a.t("acc.release")), app.Th().Text(a.t("acc.mean")))),
		app.TBody().Body(app.Range(rs).Slice(func(i int) app.UI {
			r := rs[i]
			text := ""
			for j, f := range r.Figures {
				if j > 0 {
					text += " · "
				}
				text += fmt.Sprintf("%s %s (%d)", a.t("fig."+f.Name), pct(f.MeanAbsPct), f.N)
			}
			return app.Tr().Body(app.Td().Text(r.Release), app.Td().Text(text))
		})),
	))
}

func (a *accuracyView) caseTable(rows []replay.ReportRow) app.UI {
	return app.Div().Class("table-wrap").Body(app.Table().ID("acc-cases").Class("parts").Body(
		app.THead().Body(app.Tr().Body(
			app.Th().Text(a.t("acc.case")), app.Th().Text(a.t("acc.release")),
			app.Th().Text(a.t("acc.figure")), app.Th().Text(a.t("acc.verdict")),
		)),
		app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
			r := rows[i]
			rel := a.t("acc.inferred")
			switch {
			case r.Unknown:
				rel = a.t("acc.unknown")
			case r.Exact:
				rel = a.t("acc.exact")
			}
			return app.Tr().DataSet("case", r.ID).Body(
				app.Td().Body(caseLink(r.ID, r.URL)),
				app.Td().Body(app.Text(r.Release), app.Br(), app.Small().Text(rel)),
				app.Td().Body(app.Range(r.Figures).Slice(func(j int) app.UI { return a.figureLine(r.Figures[j]) })),
				app.Td().Class("verdict-cell").Text(a.verdict(r.Verdict)),
			)
		})),
	))
}

func (a *accuracyView) figureLine(f replay.ReportFigure) app.UI {
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
	if !f.Compared {
		return app.Div().Class("fig muted").Text(fmt.Sprintf("%s %s: %s", a.t("fig."+f.Name), num(f.Measured), f.Why))
	}
	return app.Div().Class("fig").DataSet("err", f.ErrPct).Text(fmt.Sprintf("%s %s → %s (%+.1f%%)",
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
		return app.Code().Text(id)
	}
	return app.A().Href(url).Target("_blank").Rel("noopener noreferrer").Body(app.Code().Text(id))
}

func pct(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) + "%" }
