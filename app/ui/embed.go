package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
)

// renderEmbed is the compact view for wiki iframes (?embed=1): verdict,
// chart, key figures and a link that opens the full calculator in a new tab
// (target=_blank, which go-app leaves to the browser).
func (p *Page) renderEmbed() app.UI {
	return app.Div().ID("page").Class("page embed").Lang(string(p.lang)).DataSet("renders", p.renders).Body(
		app.Div().Class("embed-head").Body(
			app.Strong().Text(p.localized(p.preset.Title)),
			app.A().ID("open-full").Href(p.fullURL()).Target("_blank").Rel("noopener").Text(p.t("ui.open_full")+" ↗"),
		),
		p.renderVerdict(),
		p.renderCharts(),
		app.If(p.hasEst, func() app.UI {
			r := p.est.Ranks[0]
			return app.P().Class("num key-figures").Text(
				p.t("part.weights") + " " + i18n.FormatGiB(r.Weights.Total.GiB()) + " · " +
					p.t("part.activation") + " " + i18n.FormatGiB(r.Activation.GiB()) + " · " +
					p.t("part.kv") + " " + i18n.FormatGiB(r.KV.GiB()) + " · " +
					p.t("ui.kv_tokens") + " " + formatInt(r.Tokens))
		}),
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
