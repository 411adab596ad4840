package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
)

// renderEmbed is the compact view for wiki iframes (?embed=1): verdict,
// chart, key figures and a link that opens the full calculator in a new tab
// (target=_blank, which go-app leaves to the browser).
func (p *Page) renderEmbed() app.UI {
	return el("div").ID("page").Class("page embed").Lang(string(p.lang)).DataSet("renders", p.renders).Body(
		el("div").Class("embed-head").Body(
			el("strong").Text(p.localized(p.preset.Title)),
			app.A().ID("open-full").Href(p.fullURL()).Target("_blank").Rel("noopener").Text(p.t("ui.open_full")+" ↗"),
		),
		p.renderVerdict(),
		p.renderCharts(),
		app.If(p.hasEst, func() app.UI {
			r := p.est.Ranks[0]
			return el("p").Class("num key-figures").Text(
				p.t("part.weights") + " " + i18n.FormatGiB(r.Weights.Total.GiB()) + " · " +
					p.t("part.activation") + " " + i18n.FormatGiB(r.Activation.GiB()) + " · " +
					p.t("part.kv") + " " + i18n.FormatGiB(r.KV.GiB()) + " · " +
					p.t("ui.kv_tokens") + " " + formatInt(p.est.Tokens))
		}),
		p.renderTopFix(),
		app.If(p.pin != nil && p.hasEst, func() app.UI { return p.renderCompareTable() }),
	)
}

// renderTopFix is the embed's one fix: the first that makes it start, as
// a link that opens the calculator with it applied.
func (p *Page) renderTopFix() app.UI {
	if !p.hasEst || p.est.Starts || len(p.est.Fixes) == 0 {
		return app.Text("")
	}
	f := p.est.Fixes[0]
	st := p.st
	st.Embed = false
	st.Options = f.Options
	if f.TP > 0 {
		st.TP = f.TP
	}
	return el("p").ID("embed-fix").Class("embed-fix").Body(
		app.Text(p.t("ui.embed_fix")+" "),
		app.A().Href("./?"+encodeQuery(st)).Target("_blank").Rel("noopener").
			Text(p.f("fix."+f.ID+".title", map[string]string{"value": f.Value})),
		el("span").Class("effect num").Text(" → "+p.t(map[bool]string{true: "verdict.starts", false: "ui.still_fails"}[f.Starts])),
	)
}

// fullURL is this page's address without embed mode. It is built from the
// relative query so it works under any sub-path, prerendered or not.
func (p *Page) fullURL() string {
	st := p.st
	st.Embed = false
	if q := encodeQuery(st); q != "" {
		return "./?" + q
	}
	return "./"
}
