package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/app/urlstate"
)

func (p *Page) renderHeader() app.UI {
	return el("header").Class("header").Body(
		el("div").Class("brand").Body(
			app.Img().Src("/web/icon.svg").Alt("").Width(28).Height(28),
			el("div").Body(
				el("h1").Text(p.t("ui.title")),
				el("p").Class("subtitle").Text(p.t("ui.subtitle")),
			),
		),
		el("div").Class("header-actions").Body(
			app.If(p.st.View == "", func() app.UI {
				return app.A().ID("accuracy-link").Class("header-link").Href(p.accuracyURL()).Text(p.t("acc.link"))
			}),
			app.If(p.st.View != urlstate.ViewCard, func() app.UI {
				st := p.st
				st.View = urlstate.ViewCard
				return app.A().ID("card-link").Class("header-link").Href("?" + encodeQuery(st)).Text(p.t("card.link"))
			}),
			app.If(p.update, func() app.UI {
				return app.Button().ID("reload").Class("update").Type("button").
					Text(p.t("ui.update_available") + " · " + p.t("ui.reload")).
					OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() })
			}),
			el("div").Class("lang").Aria("label", p.t("ui.lang_switch")).Body(
				p.langButton(i18n.EN, "English"),
				p.langButton(i18n.ZH, "中文"),
			),
			app.Button().ID("copy-link").Type("button").Class("primary").
				Text(p.copyLinkLabel()).
				OnClick(func(ctx app.Context, e app.Event) { p.copyText(ctx, "link", p.shareURL(ctx)) }),
		),
	)
}

func (p *Page) copyLinkLabel() string {
	if p.copied == "link" {
		return p.t("ui.copied")
	}
	return p.t("ui.copy_link")
}

// langButton switches the language at once; a chosen language travels in
// share links, a detected one does not.
func (p *Page) langButton(l i18n.Lang, label string) app.UI {
	return app.Button().Type("button").ID("lang-"+string(l)).
		Class(map[bool]string{true: "on", false: ""}[p.lang == l]).
		Aria("pressed", p.lang == l).
		Text(label).
		OnClick(func(ctx app.Context, e app.Event) {
			p.lang = l
			p.st.Lang = string(l)
			p.commit(ctx)
		})
}
