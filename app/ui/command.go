package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/calc/cmdline"
)

// renderCommand shows the equivalent `vllm serve` command and the startup
// log lines this version prints with these numbers, each copyable.
func (p *Page) renderCommand() app.UI {
	if !p.hasEst {
		return app.Div()
	}
	cmd := cmdline.Format(p.sc)
	var lines []string
	for _, l := range p.est.Log {
		lines = append(lines, l.Text)
	}
	log := strings.Join(lines, "\n")
	return app.Section().ID("command-log").Class("command").Body(
		app.H2().Text(p.t("ui.command")),
		app.Div().Class("code").Body(
			app.Pre().ID("command").Text(cmd),
			p.copyButton("command", cmd),
		),
		app.H2().Text(p.t("ui.log")),
		app.P().Class("help").Text(p.t("ui.log_help")),
		app.Div().Class("code").Body(
			app.Pre().ID("log").Text(log),
			p.copyButton("log", log),
		),
	)
}
