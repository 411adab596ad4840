package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/calc"
)

// renderFixes shows the ranked fixes calc computed; each button applies its
// change to the scenario.
func (p *Page) renderFixes() app.UI {
	if !p.hasEst || len(p.est.Fixes) == 0 {
		return el("div")
	}
	fixes := p.est.Fixes
	return el("section").ID("fixes").Class("fixes").Body(
		el("h2").Text(p.t("ui.fixes")),
		el("ol").Body(
			app.Range(fixes).Slice(func(i int) app.UI {
				f := fixes[i]
				return el("li").Class("fix").Body(
					app.Button().Type("button").ID("fix-"+f.ID).Class("apply").
						Text(p.f("fix."+f.ID+".title", map[string]string{"value": f.Value})).
						OnClick(func(ctx app.Context, e app.Event) { p.applyFix(ctx, f) }),
					el("span").Class("effect num").Text(" → "+p.fixEffect(f)+", KV "+i18n.FormatGiB(f.KVAfter.GiB())),
					app.If(f.MoreDevices, func() app.UI { return el("span").Class("badge na").Text(p.t("ui.fix_more_devices")) }),
					el("p").Class("help").Text(p.t("fix."+f.ID+".why")),
				)
			}),
		),
	)
}

func (p *Page) applyFix(ctx app.Context, f calc.Fix) {
	p.st.Options = f.Options
	if f.TP > 0 {
		p.st.TP = f.TP
		if p.st.DeviceCount > 0 && p.st.DeviceCount < f.TP {
			p.st.DeviceCount = f.TP
		}
	}
	p.raw = map[string]string{}
	p.errs = map[string]string{}
	p.commit(ctx)
}

// fixEffect says what a fix leads to: vLLM starts, or the check that
// still stops it.
func (p *Page) fixEffect(f calc.Fix) string {
	if f.Starts {
		return p.t("verdict.starts")
	}
	if f.Fails != "" {
		return p.t("ui.still_fails") + ": " + p.t("gate."+f.Fails+".failed")
	}
	return p.t("ui.still_fails")
}
